package io.treebeard.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The "Input bounds" section of docs/api.md documents exactly the constants of {@link InputBounds}. */
class InputBoundsDocTest {

    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(\\.\\d+)?");
    private static final Pattern CONSTANT = Pattern.compile("`([A-Z_]+)`");

    @Test
    void everyPublicBoundIsDocumentedWithItsValueAndEveryDocumentedBoundExists() throws Exception {
        Map<String, BigDecimal> documented = documentedBounds();
        Map<String, BigDecimal> constants = publicConstants();

        assertThat(documented).as("docs/api.md, section Input bounds").isNotEmpty();
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(constants.keySet());
        constants.forEach((name, value) ->
                assertThat(documented.get(name)).as("documented value of %s", name).isEqualByComparingTo(value));
    }

    @Test
    void theValidatorsShareTheBounds() {
        assertThat(Identifiers.MAX_LENGTH).isEqualTo(InputBounds.MAX_ID_CHARS);
        assertThat(PreferencesValidator.MAX_TOP_N).isEqualTo(InputBounds.MAX_TOP_N);
    }

    /** Constant name to the largest number of its row's limit cell (the upper bound of "1 to 20"). */
    private static Map<String, BigDecimal> documentedBounds() throws IOException {
        List<String> lines = Files.readAllLines(apiDoc());
        Map<String, BigDecimal> bounds = new HashMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("#")) {
                inSection = line.equals("### Input bounds");
                continue;
            }
            if (!inSection || !line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Matcher constant = CONSTANT.matcher(cells[cells.length - 1]);
            if (!constant.find()) {
                continue;
            }
            Matcher number = NUMBER.matcher(cells[2]);
            BigDecimal largest = null;
            while (number.find()) {
                BigDecimal n = new BigDecimal(number.group().replace(",", ""));
                largest = largest == null || n.compareTo(largest) > 0 ? n : largest;
            }
            bounds.put(constant.group(1), largest);
        }
        return bounds;
    }

    private static Map<String, BigDecimal> publicConstants() throws IllegalAccessException {
        Map<String, BigDecimal> constants = new HashMap<>();
        for (Field field : InputBounds.class.getDeclaredFields()) {
            if (Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers())) {
                constants.put(field.getName(), new BigDecimal(field.get(null).toString()));
            }
        }
        return constants;
    }

    /** docs/api.md of the repository, found from the module directory the build runs the tests in. */
    private static Path apiDoc() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/api.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a parent directory holding docs/api.md").isNotNull();
        return dir.resolve("docs/api.md");
    }
}

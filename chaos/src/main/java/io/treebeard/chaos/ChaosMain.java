package io.treebeard.chaos;

import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary: starts the stack and stops it. */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("chaos"))) {
            root = root.getParent();
        }
        Path runDir = Files.createTempDirectory("treebeard-chaos-");
        try (Stack stack = Stack.start(root, runDir)) {
            System.out.println("up: " + stack.queryUrls() + " ingest " + stack.ingest.url());
        }
    }
}

package io.treebeard.service.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's {@code /error} page (JSON of its own shape, or HTML): an error the container forwards here (an
 * exception no handler caught, a {@code sendError}, a parameter the container could not parse) is a problem.
 */
@org.springframework.stereotype.Controller
public class ProblemErrorController implements ErrorController {

    /** Answers every forwarded error. */
    @RequestMapping("${server.error.path:/error}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        response.resetBuffer();
        ServletProblems.write(response, status, null, detail(status), uri instanceof String s ? s : null, null);
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request could not be parsed";
            case 404 -> "No resource at this path";
            case 405 -> "Method not allowed here";
            case 413 -> "The body is too large";
            case 414 -> "The URI is too long";
            case 415 -> "Unsupported content type";
            default -> status >= 500 ? "Unexpected error" : "The request was refused";
        };
    }
}

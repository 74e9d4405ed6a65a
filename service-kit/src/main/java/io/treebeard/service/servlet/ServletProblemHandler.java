package io.treebeard.service.servlet;

import io.treebeard.service.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own exceptions (405, 415, 400 for an unreadable body, 413 for a multipart too large...) as problems in
 * the shared format. A service's {@code @RestControllerAdvice} extends this class to add handlers of its own.
 */
public class ServletProblemHandler extends ResponseEntityExceptionHandler {

    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (answer == null || !(answer.getBody() instanceof ProblemDetail problem)) {
            return answer;
        }
        String path = request instanceof ServletWebRequest s ? s.getRequest().getRequestURI() : null;
        HttpHeaders out = new HttpHeaders();
        out.putAll(answer.getHeaders());
        out.setContentType(PROBLEM);
        return new ResponseEntity<>(Problems.normalize(problem, path), out, answer.getStatusCode());
    }
}

package io.treebeard.service.servlet;

import io.treebeard.service.web.Problems;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's last word on an error that never reached a servlet (a {@code %00} or malformed encoding in the path, a
 * request Tomcat refuses while parsing): a problem instead of Tomcat's HTML page. Installed on the engine (the host's
 * HTML valve removed) by {@link ServletShellConfiguration}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorReportValve.class);
    /** The methods an API of this shell may answer; the route decides which of them it takes. */
    private static final String ALLOW = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = status >= 500 ? "Unexpected error" : "The request was refused by the server";
        if (status == 501 && "CONNECT".equalsIgnoreCase(request.getMethod())) {
            // Tomcat's adapter refuses CONNECT with 501 before any servlet sees it. A 5xx says the server failed; here
            // the client asked an API for a tunnel it never offers: 405, with what the API does allow.
            status = 405;
            response.setStatus(status);
            response.setHeader("Allow", ALLOW);
            detail = "CONNECT is not supported: this server opens no tunnels";
        }
        byte[] body = Problems.json(status, null, detail, null, null);
        try {
            response.setContentType(Problems.MEDIA_TYPE);
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Could not write the problem for a {} answered by the server", status, e);
        }
    }
}

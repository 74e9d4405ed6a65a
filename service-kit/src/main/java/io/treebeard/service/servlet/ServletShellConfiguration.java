package io.treebeard.service.servlet;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The shell of a servlet (Spring MVC on Tomcat) service: request ids and problems down to the server layer. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ServletShellConfiguration {

    /** Where request ids sit among filters: first. Authentication comes after, so a 401 carries the id too. */
    public static final int REQUEST_ID_ORDER = Ordered.HIGHEST_PRECEDENCE;

    /** The order of a service's {@link ApiKeyFilter}. */
    public static final int API_KEY_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<RequestIdFilter> treebeardRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(REQUEST_ID_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestUriFilter> treebeardRequestUriFilter() {
        FilterRegistrationBean<RequestUriFilter> registration = new FilterRegistrationBean<>(new RequestUriFilter());
        registration.setOrder(REQUEST_ID_ORDER + 1);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController treebeardErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
    ServletProblemHandler treebeardProblemHandler() {
        return new ServletProblemHandler();
    }

    /** Tomcat's own error page (HTML) is replaced by problems, on the API port and on the management port alike. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatProblems {

        @Bean
        ApplicationListener<ServletWebServerInitializedEvent> treebeardTomcatErrorReports() {
            return event -> {
                if (event.getWebServer() instanceof TomcatWebServer tomcat) {
                    org.apache.catalina.Pipeline pipeline = tomcat.getTomcat().getHost().getPipeline();
                    for (Valve valve : pipeline.getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            pipeline.removeValve(valve);
                        }
                    }
                    // On the engine, not the host: Tomcat answers some requests (CONNECT: 501) before a host is mapped,
                    // and those never pass the host's valves; the engine's pipeline sees every request.
                    tomcat.getTomcat().getEngine().getPipeline().addValve(new ProblemErrorReportValve());
                }
            };
        }
    }
}

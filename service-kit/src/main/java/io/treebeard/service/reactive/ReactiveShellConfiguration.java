package io.treebeard.service.reactive;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.treebeard.service.web.Problems;
import reactor.netty.NettyPipeline;

/** The shell of a reactive (WebFlux on Reactor Netty) service: request ids and problems down to the server layer. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ReactiveShellConfiguration {

    @Bean
    RequestIdWebFilter treebeardRequestIdWebFilter() {
        return new RequestIdWebFilter();
    }

    @Bean
    ReactiveProblemHandler treebeardProblemHandler() {
        return new ReactiveProblemHandler();
    }

    /** Reactor Netty's own refusals (decoder limits, malformed requests) get problem bodies. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.netty.http.server.HttpServer")
    static class NettyProblems {

        @Bean
        NettyServerCustomizer treebeardServerErrorBodies() {
            // The request line holds the method and the protocol besides the URI.
            return server -> server.httpRequestDecoder(spec -> spec.maxInitialLineLength(Problems.MAX_URI_LENGTH + 64))
                    .doOnChannelInit((observer, channel, remote) -> {
                        if (channel.pipeline().get(NettyPipeline.HttpCodec) != null
                                && channel.pipeline().get(ServerErrorBodies.NAME) == null) {
                            channel.pipeline().addAfter(NettyPipeline.HttpCodec, ServerErrorBodies.NAME, new ServerErrorBodies());
                        }
                    });
        }
    }
}

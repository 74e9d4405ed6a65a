package io.treebeard.service.reactive;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.treebeard.service.web.Problems;
import io.treebeard.service.web.RequestIds;

/**
 * Reactor Netty answers a request it cannot decode (a request line or headers over the decoder limits: 414, 431; a
 * malformed request: 400) itself, with an empty body, before Spring sees it. This handler, placed right after the HTTP
 * codec, gives those answers (and only them: error status, empty body, no content type) the problem body.
 */
final class ServerErrorBodies extends ChannelDuplexHandler {

    /** The name of this handler in the channel pipeline. */
    static final String NAME = "treebeard.serverErrorBodies";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof FullHttpResponse response && response.status().code() >= 400 && !response.content().isReadable()
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
            int status = response.status().code();
            byte[] body = Problems.json(status, null, "The request was refused by the server", null, null);
            FullHttpResponse withBody = response.replace(Unpooled.wrappedBuffer(body));
            response.release();
            withBody.headers().set(HttpHeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE);
            withBody.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (!withBody.headers().contains(RequestIds.HEADER)) {
                withBody.headers().set(RequestIds.HEADER, RequestIds.of(null));
            }
            super.write(ctx, withBody, promise);
            return;
        }
        super.write(ctx, msg, promise);
    }
}

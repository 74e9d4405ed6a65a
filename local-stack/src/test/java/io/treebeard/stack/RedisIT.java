package io.treebeard.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.treebeard.stack.junit.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class RedisIT {

    @Test
    void realRedisAnswersPing(LocalStack stack) {
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
            assertThat(connection.sync().info("server")).contains("redis_version:");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void redisCanBeStoppedAndComesBackEmptyOnTheSamePort(LocalStack stack) {
        RedisClient client = RedisClient.create(stack.redis().uri());
        try {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("redis-it:key", "value");
            }
            stack.redis().stop();
            assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);

            stack.redis().restart();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().get("redis-it:key")).isNull();
            }
        } finally {
            stack.redis().restart();
            client.shutdown();
        }
    }
}

package io.grove.aot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of a training run for the JDK's AOT cache ({@code grove.aot-training.*}).
 *
 * @param requests how many requests Grove sends itself, once ready, before it exits; 0 (the
 *                 default) means this start is not a training run
 */
@ConfigurationProperties("grove.aot-training")
public record AotTrainingProperties(int requests) {
}

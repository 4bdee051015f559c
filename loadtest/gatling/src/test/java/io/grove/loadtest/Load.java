package io.grove.loadtest;

import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** What every simulation shares: the target, the protocol and the rows to send. */
final class Load {

    /** The server under test, {@code -DbaseUrl=http://host:port}. */
    static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8000");

    /** The {@code /predict} body: one Iris row, cycling through all 150. */
    static final String PREDICT_BODY =
            "{\"features\":[#{sepal_length},#{sepal_width},#{petal_length},#{petal_width}]}";

    private Load() {
    }

    static HttpProtocolBuilder protocol() {
        return http.baseUrl(BASE_URL)
                .contentTypeHeader("application/json")
                .acceptHeader("application/json")
                .disableCaching()
                .disableWarmUp();
    }

    /**
     * The open-model protocol: one connection pool shared by all arrivals, capped at
     * {@code -DmaxConnections} (200) so a server that falls behind meets a bounded number of
     * keep-alive connections instead of one new socket per late request.
     */
    static HttpProtocolBuilder openModelProtocol() {
        return protocol().shareConnections().maxConnectionsPerHost(intProperty("maxConnections", 200));
    }

    static FeederBuilder<String> irisRows() {
        return csv("iris.csv").circular();
    }

    static int intProperty(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }
}

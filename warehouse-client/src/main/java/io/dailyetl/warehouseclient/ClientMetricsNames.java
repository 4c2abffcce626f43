package io.dailyetl.warehouseclient;

import java.util.Locale;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;
import org.jboss.resteasy.reactive.client.impl.VertxRequestCustomizingClientBuilder;

/**
 * Gives each warehouse REST client its own name in the HTTP client metrics ({@code clientName} tag of
 * {@code http.client.*}): {@code warehouse-loads}, {@code warehouse-runs}, {@code warehouse-sources},
 * {@code warehouse-analytics}, {@code warehouse-deliveries}, {@code warehouse-notifications}. They share the configuration key {@code warehouse} (one
 * URL, one set of timeouts), but each is its own HTTP client with its own connection pool; under the key's name alone
 * the second one's gauges were refused as already registered (a warning at its first call) and its connections went
 * uncounted. Registered in {@code META-INF/services/org.eclipse.microprofile.rest.client.spi.RestClientListener}.
 */
public class ClientMetricsNames implements RestClientListener {

    @Override
    public void onNewClient(Class<?> serviceInterface, RestClientBuilder builder) {
        RegisterRestClient registered = serviceInterface.getAnnotation(RegisterRestClient.class);
        if (registered == null
                || !serviceInterface.getPackageName().equals(ClientMetricsNames.class.getPackageName())
                || !(builder instanceof VertxRequestCustomizingClientBuilder<?> vertx)) {
            return;
        }
        String name = metricsName(registered.configKey(), serviceInterface);
        vertx.httpClientOptionsCustomizer(options -> options.setMetricsName("rest-client|" + name));
    }

    /** {@code warehouse} and {@code LoadsApi}: {@code warehouse-loads}; a key of one client only stays as it is. */
    static String metricsName(String configKey, Class<?> serviceInterface) {
        if (!serviceInterface.getSimpleName().endsWith("Api")) {
            return configKey;
        }
        String simple = serviceInterface.getSimpleName();
        return configKey + "-"
                + simple.substring(0, simple.length() - "Api".length()).toLowerCase(Locale.ROOT);
    }
}

package io.dailyetl.devstack;

import io.dailyetl.testing.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged service started as its own process for the fault tests that kill one ({@code kill -9}): on a free port,
 * with plain-text logs and the stack's JVM options, and ready before it is handed back.
 */
final class PackagedService {

    private PackagedService() {}

    /**
     * Starts {@code module}'s runner jar with {@code env}, logging to {@code log}, adds it to {@code owner} (which stops
     * it, also when it never got ready) and waits up to {@code ready} for its readiness.
     */
    static ServiceProcess start(
            String module,
            Map<String, String> env,
            Path log,
            List<ServiceProcess> owner,
            HttpClient http,
            Duration ready)
            throws IOException, InterruptedException {
        Path root = ServiceProcess.repositoryRoot();
        int port = ServiceProcess.freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        all.putIfAbsent("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        ServiceProcess p = ServiceProcess.start(
                module,
                root,
                ServiceProcess.runnerJar(root, module),
                port,
                Stack.Service.DEFAULT.jvmOptions(),
                null,
                all,
                log);
        owner.add(p);
        p.awaitReady(http, ready);
        return p;
    }
}

package io.grove.deploy;

import static io.grove.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s: every manifest valid against the Kubernetes schemas and API types, offline
 * (deploy/validate, kubernetes-models), and the objects consistent with each other and with
 * Grove's own settings.
 */
class KubernetesManifestsTest {

    private static final Duration NPM = Duration.ofMinutes(5);
    private final List<Map<String, Object>> objects = Manifests.allIn(Path.of("deploy/k8s"));
    private final Map<String, Object> deployment = Manifests.one(objects, "Deployment");
    private final Map<String, Object> container = at(deployment, "spec.template.spec.containers.0");

    @Test
    void everyManifestIsValidAgainstTheKubernetesSchemasAndTypes() {
        Command check = Command.run(NPM, "bash", "deploy/validate/validate.sh", "k8s", "deploy/k8s");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.output()).contains("validate-k8s: " + objects.size() + " object(s)");
    }

    @Test
    void theValidatorCatchesMisspelledFieldsThatSchemasLetThrough() {
        Command check = Command.run(NPM, "bash", "deploy/validate/validate.sh", "k8s",
                "deploy/validate/fixtures/misspelled-deployment.yaml");

        assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
        assertThat(check.output())
                .contains("spec.replica: unknown field")
                .contains("readinessProbe.periodSecond: unknown field")
                .contains("containerPort must be integer");
    }

    @Test
    void theDeploymentHasAllObjectsItNeeds() {
        assertThat(objects).extracting(o -> o.get("kind")).containsExactlyInAnyOrder(
                "ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service");
    }

    @Test
    void probesAskTheActuatorHealthGroups() {
        assertThat((String) at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat((Object) at(container, "ports.0.containerPort")).isEqualTo(serverPort());
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyFileSystemWithoutCapabilities() {
        assertThat((Boolean) at(deployment, "spec.template.spec.securityContext.runAsNonRoot")).isTrue();
        assertThat((Integer) at(deployment, "spec.template.spec.securityContext.runAsUser")).isPositive();
        assertThat((Boolean) at(container, "securityContext.readOnlyRootFilesystem")).isTrue();
        assertThat((Boolean) at(container, "securityContext.allowPrivilegeEscalation")).isFalse();
        assertThat((List<String>) at(container, "securityContext.capabilities.drop")).containsExactly("ALL");
        assertThat((String) at(container, "volumeMounts.0.mountPath")).isEqualTo("/tmp");
    }

    @Test
    void resourcesHaveRequestsAndAMemoryLimit() {
        assertThat((Map<String, Object>) at(container, "resources.requests")).containsKeys("cpu", "memory");
        assertThat((Map<String, Object>) at(container, "resources.limits")).containsKey("memory");
    }

    @Test
    void aRollingUpdateDropsNoRequest() {
        assertThat((Object) at(deployment, "spec.strategy.rollingUpdate.maxUnavailable")).isEqualTo(0);
        int preStop = at(container, "lifecycle.preStop.sleep.seconds");
        int shutdownPhase = shutdownPhaseSeconds();
        int grace = at(deployment, "spec.template.spec.terminationGracePeriodSeconds");
        // SIGTERM comes after the preStop sleep; Grove then drains for up to its shutdown phase.
        assertThat(grace).isGreaterThan(preStop + shutdownPhase).isLessThanOrEqualTo(preStop + shutdownPhase + 10);
    }

    @Test
    void theObjectsReferToEachOther() {
        Map<String, String> podLabels = at(deployment, "spec.template.metadata.labels");
        String name = at(deployment, "metadata.name");
        assertThat(podLabels).containsAllEntriesOf(at(deployment, "spec.selector.matchLabels"));
        assertThat(podLabels).containsAllEntriesOf(at(Manifests.one(objects, "Service"), "spec.selector"));
        assertThat(podLabels).containsAllEntriesOf(
                at(Manifests.one(objects, "PodDisruptionBudget"), "spec.selector.matchLabels"));
        assertThat((String) at(Manifests.one(objects, "Service"), "spec.ports.0.targetPort"))
                .isEqualTo(at(container, "ports.0.name"));
        assertThat((String) at(Manifests.one(objects, "HorizontalPodAutoscaler"), "spec.scaleTargetRef.name"))
                .isEqualTo(name);
        assertThat((String) at(container, "envFrom.0.configMapRef.name"))
                .isEqualTo(at(Manifests.one(objects, "ConfigMap"), "metadata.name"));
    }

    @Test
    void theConfigMapSetsOnlyGroveAndSpringSettings() {
        Map<String, String> data = at(Manifests.one(objects, "ConfigMap"), "data");
        assertThat(data.keySet()).allMatch(k -> k.startsWith("GROVE_") || k.startsWith("SPRING_"), "GROVE_* or SPRING_*");
    }

    private static Map<String, Object> applicationYaml() {
        return Manifests.read(Path.of("src/main/resources/application.yaml")).getFirst();
    }

    private static int serverPort() {
        return at(applicationYaml(), "server.port");
    }

    private static int shutdownPhaseSeconds() {
        String timeout = at(applicationYaml(), "spring.lifecycle.timeout-per-shutdown-phase");
        assertThat(timeout).matches("[0-9]+s");
        return Integer.parseInt(timeout.substring(0, timeout.length() - 1));
    }
}

package cn.luohe.grassroots;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deployment files are checked in the build (no Docker engine or kubeconform here):
 * every Kubernetes manifest is read strictly into the API's own model (fabric8: an
 * unknown or misspelt field fails, so does a wrong type), the compose file is validated
 * against the compose-spec JSON schema (vendored in {@code infra/schema/}), and both are
 * held to the application: probes on its health groups, every variable documented in the
 * README, shutdown inside the grace period, media in S3 on Kubernetes.
 */
class InfraManifestsTests {

	private static final Path INFRA = Path.of("infra");

	private static final ObjectMapper STRICT = JsonMapper.builder()
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.build()
		.configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
		.configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("apps/v1 Deployment",
			Deployment.class, "v1 Service", Service.class, "v1 ConfigMap", ConfigMap.class, "v1 Secret", Secret.class,
			"autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

	@Test
	void shouldReadEveryKubernetesManifestStrictly() throws IOException {
		List<HasMetadata> resources = kubernetes();
		assertThat(resources).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Secret", "Service");
	}

	@Test
	void shouldRefuseAMisspeltOrMistypedField() {
		Map<String, Object> misspelt = Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "x"),
				"spec", Map.of("ports", List.of(Map.of("port", 80, "targetPrt", "http"))));
		assertThatThrownBy(() -> strict(misspelt, "test")).hasMessageContaining("targetPrt");
		Map<String, Object> mistyped = Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "x"),
				"spec", Map.of("ports", List.of(Map.of("port", "eighty"))));
		assertThatThrownBy(() -> strict(mistyped, "test")).hasMessageContaining("port");
		Map<String, Object> compose = Map.of("services", Map.of("app", Map.of("image", "x", "restart_policy", "no")));
		assertThat(composeSchema().validate(STRICT.valueToTree(compose))).isNotEmpty();
	}

	@Test
	void shouldProbeTheHealthGroupsOnTheServedPort() throws IOException {
		Container app = appContainer();
		assertThat(app.getPorts()).anySatisfy(port -> {
			assertThat(port.getName()).isEqualTo("http");
			assertThat(port.getContainerPort()).isEqualTo(8080);
		});
		assertThat(path(app.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
		assertThat(path(app.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
		assertThat(path(app.getStartupProbe())).isEqualTo("/actuator/health/liveness");
		for (Probe probe : List.of(app.getReadinessProbe(), app.getLivenessProbe(), app.getStartupProbe())) {
			assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
		}
		// the groups exist in the application's configuration (the fault suite calls
		// them)
		Map<String, Object> application = applicationYaml();
		assertThat(String.valueOf(application)).contains("probes={enabled=true}")
			.contains("readiness={include=readinessState,r2dbc}");
		// the compose health check asks readiness too
		assertThat(String.valueOf(compose().get("x-app"))).contains("/actuator/health/readiness");
	}

	@Test
	void shouldShutDownInsideTheGracePeriods() throws IOException {
		Duration phase = DurationStyle.detectAndParse(
				String.valueOf(nested(applicationYaml(), "spring", "lifecycle", "timeout-per-shutdown-phase")));
		assertThat(nested(applicationYaml(), "server", "shutdown")).isEqualTo("graceful");
		Deployment deployment = only(Deployment.class);
		Container app = appContainer();
		List<String> preStop = app.getLifecycle().getPreStop().getExec().getCommand();
		assertThat(preStop.get(0)).isEqualTo("sleep");
		long preStopSeconds = Long.parseLong(preStop.get(1));
		long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
		// the pod leaves the endpoints during preStop, then in-flight requests get the
		// whole shutdown phase before the kubelet's SIGKILL
		assertThat(preStopSeconds + phase.toSeconds()).as("preStop + shutdown phase").isLessThan(grace);
		assertThat(preStopSeconds * 1000)
			.as("preStop outlasts the readiness probe's period, so the pod is out of rotation first")
			.isGreaterThanOrEqualTo(app.getReadinessProbe().getPeriodSeconds() * 1000L);
		Duration composeGrace = DurationStyle
			.detectAndParse(String.valueOf(((Map<?, ?>) compose().get("x-app")).get("stop_grace_period")));
		assertThat(composeGrace).isGreaterThan(phase);
	}

	@Test
	void shouldDocumentEveryVariableTheDeploymentsSet() throws IOException {
		Set<String> set = new LinkedHashSet<>();
		set.addAll(only(ConfigMap.class).getData().keySet());
		set.addAll(only(Secret.class).getStringData().keySet());
		Map<?, ?> environment = (Map<?, ?>) ((Map<?, ?>) compose().get("x-app")).get("environment");
		environment.keySet().forEach(key -> set.add(String.valueOf(key)));
		String readme = Files.readString(Path.of("README.md"));
		String table = readme.substring(readme.indexOf("## Configuration (environment)"));
		table = table.substring(0, table.indexOf("\n## ", 10));
		Set<String> documented = new LinkedHashSet<>();
		Matcher names = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(table);
		while (names.find()) {
			documented.add(names.group(1));
		}
		assertThat(documented).containsAll(set);
	}

	@Test
	void shouldKeepMediaInS3OnKubernetes() throws IOException {
		Map<String, String> config = only(ConfigMap.class).getData();
		assertThat(config).containsEntry("APP_MEDIA_STORE", "s3")
			.containsKeys("APP_MEDIA_S3_ENDPOINT", "APP_MEDIA_S3_BUCKET");
		assertThat(only(Secret.class).getStringData()).containsKeys("APP_MEDIA_S3_ACCESS_KEY",
				"APP_MEDIA_S3_SECRET_KEY");
		// scratch only: every emptyDir is bounded, and the data directory (uploads in
		// flight) lies inside one
		List<Volume> volumes = only(Deployment.class).getSpec().getTemplate().getSpec().getVolumes();
		assertThat(volumes).allSatisfy(volume -> {
			if (volume.getEmptyDir() != null) {
				assertThat(volume.getEmptyDir().getSizeLimit()).as(volume.getName()).isNotNull();
			}
		});
		String dataDir = config.get("APP_DATA_DIR");
		List<VolumeMount> mounts = appContainer().getVolumeMounts();
		assertThat(mounts).anySatisfy(mount -> assertThat(dataDir).startsWith(mount.getMountPath() + "/"));
		assertThat(mounts).noneSatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo(dataDir));
	}

	@Test
	void shouldKeepMediaInTheSharedBucketInCompose() throws IOException {
		Map<?, ?> app = (Map<?, ?>) compose().get("x-app");
		Map<?, ?> environment = (Map<?, ?>) app.get("environment");
		assertThat(environment.get("APP_MEDIA_STORE")).isEqualTo("s3");
		String endpoint = String.valueOf(environment.get("APP_MEDIA_S3_ENDPOINT"));
		Map<?, ?> services = (Map<?, ?>) compose().get("services");
		// the endpoint names a service of the file, and the bucket is made before the
		// service starts
		assertThat(services.keySet().stream().map(String::valueOf))
			.contains(endpoint.replaceAll("^https?://([^:/]+).*$", "$1"));
		assertThat(String.valueOf(((Map<?, ?>) services.get("minio-bucket")).get("command")))
			.contains("mb --ignore-existing local/" + environment.get("APP_MEDIA_S3_BUCKET"));
		assertThat(String.valueOf(app.get("depends_on")))
			.contains("minio-bucket={condition=service_completed_successfully}");
		// no named volume holds media on the service: several instances share nothing but
		// the bucket
		assertThat(app.get("volumes")).isNull();
	}

	@Test
	void shouldMatchTheComposeSpecification() throws IOException {
		JsonNode compose = STRICT.valueToTree(compose());
		assertThat(composeSchema().validate(compose)).isEmpty();
	}

	private static Schema composeSchema() {
		try {
			JsonNode schema = STRICT.readTree(INFRA.resolve("schema/compose-spec.json").toFile());
			// its $id is relative (compose_spec.json): resolved against the file's own
			// place
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
				.getSchema(SchemaLocation.of(INFRA.resolve("schema/compose-spec.json").toUri().toString()), schema);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> compose() throws IOException {
		return new Yaml(new LoaderOptions()).load(Files.readString(INFRA.resolve("compose.yaml")));
	}

	private static Map<String, Object> applicationYaml() throws IOException {
		return new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
	}

	private static @org.jspecify.annotations.Nullable Object nested(Map<String, Object> map, String... keys) {
		Object current = map;
		for (String key : keys) {
			current = ((Map<?, ?>) current).get(key);
		}
		return current;
	}

	private static String path(Probe probe) {
		return probe.getHttpGet().getPath();
	}

	private static Container appContainer() throws IOException {
		return only(Deployment.class).getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.filter(container -> container.getName().equals("app"))
			.findFirst()
			.orElseThrow();
	}

	private static <T extends HasMetadata> T only(Class<T> type) throws IOException {
		List<T> found = kubernetes().stream().filter(type::isInstance).map(type::cast).toList();
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	private static List<HasMetadata> kubernetes() throws IOException {
		List<HasMetadata> resources = new ArrayList<>();
		try (Stream<Path> files = Files.list(INFRA.resolve("k8s"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
				for (Object document : new Yaml().loadAll(Files.readString(file))) {
					if (document != null) {
						resources.add(strict(document, file.toString()));
					}
				}
			}
		}
		return resources;
	}

	/**
	 * The document as its kind's model class; fails on a field the API does not have
	 * (fabric8 keeps those in additionalProperties: none may be left anywhere).
	 */
	static HasMetadata strict(Object document, String file) {
		Map<?, ?> map = (Map<?, ?>) document;
		String kind = map.get("apiVersion") + " " + map.get("kind");
		Class<? extends HasMetadata> type = KINDS.get(kind);
		assertThat(type).as("%s: a kind this test knows (%s)", file, kind).isNotNull();
		HasMetadata resource = STRICT.convertValue(document, type);
		List<String> unknown = new ArrayList<>();
		unknownFields(resource, "", unknown, new IdentityHashMap<>());
		assertThat(unknown).as("%s: fields the Kubernetes API does not have", file).isEmpty();
		return resource;
	}

	private static void unknownFields(Object value, String where, List<String> unknown,
			IdentityHashMap<Object, Boolean> seen) {
		if (value == null || seen.put(value, true) != null) {
			return;
		}
		if (value instanceof Iterable<?> items) {
			int i = 0;
			for (Object item : items) {
				unknownFields(item, where + "[" + i++ + "]", unknown, seen);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> unknownFields(item, where + "." + key, unknown, seen));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method method : value.getClass().getMethods()) {
			if (method.getParameterCount() != 0 || !method.getName().startsWith("get")
					|| method.getDeclaringClass() == Object.class) {
				continue;
			}
			Object child;
			try {
				child = method.invoke(value);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
			if (method.getName().equals("getAdditionalProperties")) {
				((Map<?, ?>) child).keySet().forEach(key -> unknown.add(where + "." + key));
			}
			else {
				unknownFields(child, where + "." + method.getName().substring(3), unknown, seen);
			}
		}
	}

}

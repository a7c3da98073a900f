using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using YamlDotNet.RepresentationModel;
using ZImageSweep.Grains.Workers;
using ZImageSweep.Silo.Hosting;
using ZImageSweep.Silo.Security;

namespace ZImageSweep.Silo.Tests.Deployment;

/// <summary>
/// The kustomize manifests under <c>k8s/</c> against the code they configure: a renamed option, a lost GPU
/// request or a grace period shorter than a worker's save would otherwise only show up on a cluster.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class KubernetesManifestTests
{
    const string GpuResource = "nvidia.com/gpu";

    /// <summary>Variables a silo container may set that are not <c>Section__Property</c> options.</summary>
    static readonly HashSet<string> NonOptionVariables = new(StringComparer.Ordinal)
    {
        "POD_NAME", "POD_IP", "POSTGRES_PASSWORD", "DOTNET_SHUTDOWNTIMEOUTSECONDS",
    };

    /// <summary>The tokens Secret's placeholder: a comment line, so silos applied as they are start (open, with a warning).</summary>
    const string TokensPlaceholder = "# change-me: role:token lines";

    static readonly HashSet<string> PasswordPlaceholders = new(StringComparer.Ordinal) { "change-me", TokensPlaceholder };

    /// <summary>The namespace of the ingress controller the Ingress example's class is served by (ingress-nginx's default).</summary>
    const string IngressControllerNamespace = "ingress-nginx";

    static readonly Dictionary<string, Type> OptionSections = new(StringComparer.Ordinal)
    {
        [SiloHostOptions.Section] = typeof(SiloHostOptions),
        [WorkerOptions.Section] = typeof(WorkerOptions),
        [ArtifactOptions.Section] = typeof(ArtifactOptions),
        [GpuInventoryOptions.Section] = typeof(GpuInventoryOptions),
        [AuthOptions.Section] = typeof(AuthOptions),
    };

    static readonly string RepoRoot = TestSupport.RepoRoot.Path;
    static readonly string K8sRoot = Path.Combine(RepoRoot, "k8s");
    static readonly IReadOnlyList<Manifest> All = LoadAll();

    sealed record Manifest(string File, YamlMappingNode Root)
    {
        public string? Kind => Root.Str("kind");
        public string? Name => (Root.Child("metadata") as YamlMappingNode)?.Str("name");
        public override string ToString() => $"{Path.GetRelativePath(RepoRoot, File)}: {Kind}/{Name}";
    }

    [Fact]
    public void Manifests_exist_and_parse()
    {
        Assert.True(Directory.Exists(Path.Combine(K8sRoot, "base")), "k8s/base is missing");
        Assert.Contains(All, m => m.Kind == "Deployment");
        Assert.Contains(All, m => Path.GetFileName(m.File) == "kustomization.yaml" && m.File.Contains(Path.Combine("overlays", "dev"), StringComparison.Ordinal));
        Assert.Contains(All, m => Path.GetFileName(m.File) == "kustomization.yaml" && m.File.Contains(Path.Combine("overlays", "multi-gpu"), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_file_a_kustomization_lists_exists()
    {
        var kustomizations = All.Where(m => Path.GetFileName(m.File) == "kustomization.yaml").ToList();
        Assert.NotEmpty(kustomizations);
        foreach (var k in kustomizations)
        {
            string dir = Path.GetDirectoryName(k.File)!;
            var paths = new List<string>();
            paths.AddRange(k.Root.Seq("resources").Select(n => ((YamlScalarNode)n).Value!));
            paths.AddRange(k.Root.Seq("components").Select(n => ((YamlScalarNode)n).Value!));
            paths.AddRange(k.Root.Seq("patches").OfType<YamlMappingNode>().Select(p => p.Str("path")).OfType<string>());
            paths.AddRange(k.Root.Seq("patchesStrategicMerge").Select(n => ((YamlScalarNode)n).Value!));
            paths.AddRange(GeneratorFiles(k).SelectMany(g => g.Files));
            foreach (var relative in paths)
            {
                string full = Path.GetFullPath(Path.Combine(dir, relative));
                bool exists = File.Exists(full) || File.Exists(Path.Combine(full, "kustomization.yaml"));
                Assert.True(exists, $"{k}: lists '{relative}', which does not exist");
            }
        }
    }

    [Fact]
    public void Overlay_patches_and_replicas_name_base_resources()
    {
        var baseNames = All.Where(m => IsUnder(m.File, "base")).Select(m => (m.Kind, m.Name)).ToHashSet();
        foreach (var k in All.Where(m => Path.GetFileName(m.File) == "kustomization.yaml" && IsUnder(m.File, "overlays")))
        {
            foreach (var r in k.Root.Seq("replicas").OfType<YamlMappingNode>())
                Assert.Contains(("Deployment", r.Str("name")), baseNames);
            foreach (var target in k.Root.Seq("patches").OfType<YamlMappingNode>().Select(p => p.Child("target")).OfType<YamlMappingNode>())
                Assert.True(baseNames.Contains((target.Str("kind"), target.Str("name"))), $"{k}: patch target {target.Str("kind")}/{target.Str("name")} is not in k8s/base");
        }
    }

    [Fact]
    public void Every_silo_environment_variable_is_a_real_option()
    {
        var silos = SiloDeployments();
        foreach (var (deployment, container) in silos.SelectMany(d => Containers(d).Select(c => (d, c))))
        {
            foreach (var env in container.Seq("env").OfType<YamlMappingNode>())
            {
                string name = env.Str("name")!;
                string? value = env.Str("value");
                if (!name.Contains("__", StringComparison.Ordinal))
                {
                    Assert.True(NonOptionVariables.Contains(name), $"{deployment}: {name} is neither an option (Section__Property) nor a known variable");
                    continue;
                }
                CheckOption(deployment, name, value);
            }
        }
    }

    [Fact]
    public void Silos_run_in_cluster_mode_with_the_pod_identity_and_the_worker_command()
    {
        foreach (var deployment in SiloDeployments())
        {
            var env = SiloEnv(deployment);
            Assert.Equal(nameof(SiloMode.Cluster), env["Silo__Mode"]);
            Assert.Equal("$(POD_NAME)", env["Silo__Name"]);
            Assert.Equal("$(POD_IP)", env["Silo__AdvertisedAddress"]);
            Assert.Contains("Password=$(POSTGRES_PASSWORD)", env["Silo__PostgresConnectionString"], StringComparison.Ordinal);
            Assert.Equal("/app/zsweep/zsweep", env["Worker__Command"]);
            Assert.Equal("worker", env["Worker__Arguments__0"]);
            Assert.False(env.ContainsKey("Worker__Arguments__1"), "zsweep worker takes no further arguments: jobs come on its stdin");

            var container = Containers(deployment).Single();
            var downward = container.Seq("env").OfType<YamlMappingNode>()
                .Where(e => e.Child("valueFrom") is YamlMappingNode v && v.Child("fieldRef") is not null)
                .ToDictionary(e => e.Str("name")!, e => ((YamlMappingNode)((YamlMappingNode)e.Child("valueFrom")!).Child("fieldRef")!).Str("fieldPath"));
            Assert.Equal("metadata.name", downward["POD_NAME"]);
            Assert.Equal("status.podIP", downward["POD_IP"]);

            var ports = container.Seq("ports").OfType<YamlMappingNode>().Select(p => int.Parse(p.Str("containerPort")!, CultureInfo.InvariantCulture)).ToHashSet();
            var defaults = new SiloHostOptions();
            int siloPort = env.TryGetValue("Silo__SiloPort", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : defaults.SiloPort;
            int gatewayPort = env.TryGetValue("Silo__GatewayPort", out var g) ? int.Parse(g, CultureInfo.InvariantCulture) : defaults.GatewayPort;
            Assert.Contains(siloPort, ports);
            Assert.Contains(gatewayPort, ports);
        }
    }

    [Fact]
    public void Gpu_silo_requests_one_gpu_and_tolerates_the_gpu_taint()
    {
        var gpu = SiloDeployments().Where(d => GpuLimit(d) is not null).ToList();
        Assert.Single(gpu);
        var deployment = gpu[0];
        var container = Containers(deployment).Single();
        var resources = (YamlMappingNode)container.Child("resources")!;
        Assert.Equal("1", GpuLimit(deployment));
        if (resources.Child("requests") is YamlMappingNode requests && requests.Str(GpuResource) is { } requested)
            Assert.Equal("1", requested);

        var pod = PodSpec(deployment);
        Assert.Equal("true", ((YamlMappingNode)pod.Child("nodeSelector")!).Str("nvidia.com/gpu.present"));
        Assert.Contains(pod.Seq("tolerations").OfType<YamlMappingNode>(), t =>
            t.Str("key") == GpuResource && t.Str("operator") == "Exists" && t.Str("effect") == "NoSchedule");
        Assert.NotEqual(nameof(GpuMode.Cpu), SiloEnv(deployment).GetValueOrDefault("Gpu__Mode"));

        var cpu = SiloDeployments().Where(d => GpuLimit(d) is null).ToList();
        Assert.NotEmpty(cpu);
        Assert.All(cpu, d => Assert.Equal(nameof(GpuMode.Cpu), SiloEnv(d)["Gpu__Mode"]));
    }

    [Fact]
    public void Every_silo_mounts_the_same_read_write_many_claim_at_the_artifact_root()
    {
        var claims = new HashSet<string>(StringComparer.Ordinal);
        var silos = SiloDeployments();
        Assert.True(silos.Count >= 2, "expected a GPU and a CPU silo Deployment");
        foreach (var deployment in silos)
        {
            string root = SiloEnv(deployment)["Artifacts__Root"];
            Assert.True(Path.IsPathRooted(root), $"{deployment}: Artifacts__Root '{root}' must be absolute (ArtifactOptionsValidator)");
            var mount = Containers(deployment).Single().Seq("volumeMounts").OfType<YamlMappingNode>().Single(m => m.Str("mountPath") == root);
            var volume = PodSpec(deployment).Seq("volumes").OfType<YamlMappingNode>().Single(v => v.Str("name") == mount.Str("name"));
            string claim = ((YamlMappingNode)volume.Child("persistentVolumeClaim")!).Str("claimName")!;
            claims.Add(claim);
        }
        string shared = Assert.Single(claims);
        var pvc = All.Single(m => m.Kind == "PersistentVolumeClaim" && m.Name == shared && IsUnder(m.File, "base"));
        Assert.Contains("ReadWriteMany", ((YamlMappingNode)pvc.Root.Child("spec")!).Seq("accessModes").Select(n => ((YamlScalarNode)n).Value));
    }

    [Fact]
    public void Grace_period_outlasts_the_worker_stop_timeout_and_the_host_shutdown()
    {
        var defaultStop = new WorkerOptions().StopTimeout;
        foreach (var deployment in SiloDeployments())
        {
            var env = SiloEnv(deployment);
            string? grace = PodSpec(deployment).Str("terminationGracePeriodSeconds");
            Assert.NotNull(grace);
            var gracePeriod = TimeSpan.FromSeconds(int.Parse(grace, CultureInfo.InvariantCulture));

            var stop = env.TryGetValue("Worker__StopTimeout", out var text) ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : defaultStop;
            Assert.True(gracePeriod > defaultStop, $"{deployment}: grace {gracePeriod} <= default worker stop timeout {defaultStop}");
            Assert.True(gracePeriod > stop, $"{deployment}: grace {gracePeriod} <= worker stop timeout {stop}");
            if (env.TryGetValue("DOTNET_SHUTDOWNTIMEOUTSECONDS", out var host))
            {
                var hostTimeout = TimeSpan.FromSeconds(int.Parse(host, CultureInfo.InvariantCulture));
                Assert.True(hostTimeout > stop, $"{deployment}: host shutdown {hostTimeout} <= worker stop timeout {stop}");
                Assert.True(gracePeriod > hostTimeout, $"{deployment}: grace {gracePeriod} <= host shutdown {hostTimeout}");
            }
        }
    }

    [Fact]
    public void No_secret_or_environment_variable_holds_a_literal_password()
    {
        foreach (var secret in All.Where(m => m.Kind == "Secret"))
        {
            if (secret.Root.Child("stringData") is YamlMappingNode stringData)
                foreach (var (key, value) in stringData.Children)
                    Assert.True(PasswordPlaceholders.Contains(((YamlScalarNode)value).Value!), $"{secret}: {key} holds a literal value, not a placeholder");
            if (secret.Root.Child("data") is YamlMappingNode data)
                foreach (var (key, value) in data.Children)
                {
                    string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(((YamlScalarNode)value).Value!));
                    Assert.True(PasswordPlaceholders.Contains(decoded), $"{secret}: {key} holds a literal value, not a placeholder");
                }
        }
        foreach (var k in All.Where(m => Path.GetFileName(m.File) == "kustomization.yaml"))
            foreach (var generator in k.Root.Seq("secretGenerator").OfType<YamlMappingNode>())
                foreach (var literal in generator.Seq("literals").Select(n => ((YamlScalarNode)n).Value!))
                    Assert.True(PasswordPlaceholders.Contains(literal[(literal.IndexOf('=', StringComparison.Ordinal) + 1)..]), $"{k}: secretGenerator literal '{literal}'");

        foreach (var workload in All.Where(m => m.Kind is "Deployment" or "StatefulSet" or "Job"))
            foreach (var container in Containers(workload).Concat(PodSpec(workload).Seq("initContainers").OfType<YamlMappingNode>()))
                foreach (var env in container.Seq("env").OfType<YamlMappingNode>())
                {
                    string name = env.Str("name")!;
                    string? value = env.Str("value");
                    Assert.False(name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) && value is not null, $"{workload}: {name} is set inline; take it from a Secret");
                    if (value is not null && value.Contains("Password=", StringComparison.OrdinalIgnoreCase))
                        Assert.Contains("Password=$(", value, StringComparison.Ordinal);
                }
    }

    [Fact]
    public void Silos_serve_probes_and_metrics_on_the_http_port_prometheus_scrapes()
    {
        foreach (var deployment in SiloDeployments())
        {
            var container = Containers(deployment).Single();
            var http = container.Seq("ports").OfType<YamlMappingNode>().Single(p => p.Str("name") == "http");
            var url = new Uri(SiloEnv(deployment)["Silo__HttpUrls"]);
            Assert.Equal(http.Str("containerPort"), url.Port.ToString(CultureInfo.InvariantCulture));
            foreach (string probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                var get = ((YamlMappingNode)container.Child(probe)!).Child("httpGet") as YamlMappingNode;
                Assert.True(get is not null, $"{deployment}: {probe} is not an HTTP probe");
                Assert.Equal(("/healthz", "http"), (get.Str("path"), get.Str("port")));
            }
            var podMetadata = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment.Root.Child("spec")!).Child("template")!).Child("metadata")!;
            var annotations = (YamlMappingNode)podMetadata.Child("annotations")!;
            Assert.Equal(("true", "/metrics"), (annotations.Str("prometheus.io/scrape"), annotations.Str("prometheus.io/path")));
        }

        var scrape = (YamlMappingNode)((YamlSequenceNode)LoadYaml(Path.Combine(K8sRoot, "monitoring", "prometheus", "prometheus.yml")).Child("scrape_configs")!).Children.Single();
        var namespaces = ((YamlMappingNode)((YamlMappingNode)scrape.Seq("kubernetes_sd_configs").Single()).Child("namespaces")!).Seq("names").Select(n => ((YamlScalarNode)n).Value);
        Assert.Contains(All.Single(m => m.File == Path.Combine(K8sRoot, "base", "kustomization.yaml")).Root.Str("namespace"), namespaces);
        Assert.Contains(scrape.Seq("relabel_configs").OfType<YamlMappingNode>(), r =>
            r.Str("action") == "keep" && r.Str("regex") == "http" && r.Seq("source_labels").Select(n => ((YamlScalarNode)n).Value).SequenceEqual(["__meta_kubernetes_pod_container_port_name"]));
    }

    [Fact]
    public void Every_dashboard_is_provisioned_to_grafana_and_every_overlay_deploys_monitoring()
    {
        string monitoring = Path.Combine(K8sRoot, "monitoring");
        var component = All.Single(m => m.File == Path.Combine(monitoring, "kustomization.yaml"));
        var provisioned = GeneratorFiles(component).Single(g => g.Name == "grafana-dashboards").Files
            .Select(f => Path.GetFullPath(Path.Combine(monitoring, f))).ToHashSet();
        var dashboards = Directory.EnumerateFiles(Path.Combine(monitoring, "dashboards"), "*.json").ToList();
        Assert.NotEmpty(dashboards);
        Assert.All(dashboards, d => Assert.True(provisioned.Contains(d), $"{Path.GetRelativePath(RepoRoot, d)} is not in the grafana-dashboards configMapGenerator"));

        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in provisioned)
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            string? uid = json.RootElement.GetProperty("uid").GetString();
            Assert.True(uid is not null && uids.Add(uid), $"{Path.GetFileName(file)}: uid '{uid}' is missing or taken by another dashboard");
            Assert.Contains(json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray(), v => v.GetProperty("type").GetString() == "datasource");
        }

        foreach (var overlay in All.Where(m => Path.GetFileName(m.File) == "kustomization.yaml" && IsUnder(m.File, "overlays")))
            Assert.Contains(overlay.Root.Seq("components"), c => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(overlay.File)!, ((YamlScalarNode)c).Value!)) == monitoring);
    }

    [Fact]
    public void Postgres_admits_only_the_silos_and_the_schema_job_on_its_port()
    {
        var postgres = All.Single(m => m.Kind == "StatefulSet" && m.Name == "postgres");
        var policy = NetworkPolicySelecting(postgres);
        var rule = Assert.Single(IngressRules(policy));
        var clients = SiloDeployments().Append(All.Single(m => m.Kind == "Job" && m.Name == "zsweep-schema")).ToList();

        Assert.All(clients, c => Assert.True(Admits(rule, c), $"{policy}: does not admit {c}"));
        foreach (var other in Workloads().Except(clients).Where(w => w != postgres))
            Assert.False(Admits(rule, other), $"{policy}: admits {other}, which needs no database");
        Assert.Equal(["postgres"], RulePorts(rule));
        Assert.Contains(RulePorts(rule).Single(), ContainerPorts(postgres).Keys);
        var service = All.Single(m => m.Kind == "Service" && m.Name == "postgres");
        Assert.Equal(RulePorts(rule), ((YamlMappingNode)service.Root.Child("spec")!).Seq("ports").OfType<YamlMappingNode>().Select(p => p.Str("targetPort")));
    }

    [Fact]
    public void Silos_admit_orleans_ports_from_silos_and_http_from_the_ingress_namespace_and_prometheus()
    {
        var silos = SiloDeployments();
        var policy = NetworkPolicySelecting(silos[0]);
        var rules = IngressRules(policy).ToList();
        foreach (var silo in silos)
        {
            Assert.True(Selects(((YamlMappingNode)policy.Root.Child("spec")!).Child("podSelector") as YamlMappingNode, silo), $"{policy}: does not select {silo}");
            var env = SiloEnv(silo);
            var ports = ContainerPorts(silo);
            // The Orleans rule's named ports are the ones the silo listens on (Silo__SiloPort, Silo__GatewayPort).
            var orleans = rules.Single(r => RulePorts(r).Contains("silo"));
            Assert.Equal(["silo", "gateway"], RulePorts(orleans));
            Assert.Equal(env["Silo__SiloPort"], ports["silo"].ToString(CultureInfo.InvariantCulture));
            Assert.Equal(env["Silo__GatewayPort"], ports["gateway"].ToString(CultureInfo.InvariantCulture));
            Assert.True(Admits(orleans, silo), $"{policy}: silos cannot reach {silo}'s Orleans ports");

            var http = rules.Single(r => RulePorts(r).Contains("http"));
            Assert.Equal(["http"], RulePorts(http));
            Assert.Equal(new Uri(env["Silo__HttpUrls"]).Port, ports["http"]);
            Assert.False(Admits(http, silo), $"{policy}: silos need not call each other's HTTP port");
            Assert.True(Admits(http, All.Single(m => m.Kind == "Deployment" && m.Name == "prometheus")), $"{policy}: Prometheus cannot scrape {silo}");
            Assert.Contains(From(http), f => (f.Child("namespaceSelector") as YamlMappingNode)?.Child("matchLabels") is YamlMappingNode labels
                && labels.Str("kubernetes.io/metadata.name") == IngressControllerNamespace);
        }
    }

    [Fact]
    public void Every_silo_reads_the_tokens_secret_through_Auth_TokensFile()
    {
        var secret = All.Single(m => m.Kind == "Secret" && m.Name == "zsweep-access-tokens");
        var (key, placeholder) = Assert.Single(((YamlMappingNode)secret.Root.Child("stringData")!).Children);
        // Applied as it is, the placeholder is a valid tokens file with no token: the silos start, open.
        Assert.Empty(TokenLines.Parse([("placeholder", ((YamlScalarNode)placeholder).Value!)]));
        foreach (var silo in SiloDeployments())
        {
            string file = SiloEnv(silo)["Auth__TokensFile"];
            var mount = Containers(silo).Single().Seq("volumeMounts").OfType<YamlMappingNode>().Single(m => file.StartsWith(m.Str("mountPath") + "/", StringComparison.Ordinal));
            Assert.Equal(((YamlScalarNode)key).Value, file[(mount.Str("mountPath")!.Length + 1)..]);
            Assert.Equal("true", mount.Str("readOnly"));
            var volume = PodSpec(silo).Seq("volumes").OfType<YamlMappingNode>().Single(v => v.Str("name") == mount.Str("name"));
            Assert.Equal(secret.Name, ((YamlMappingNode)volume.Child("secret")!).Str("secretName"));
        }
    }

    [Fact]
    public void The_ingress_example_serves_tls_from_the_silos_http_port()
    {
        var ingress = All.Single(m => m.Kind == "Ingress");
        var spec = (YamlMappingNode)ingress.Root.Child("spec")!;
        var tls = (YamlMappingNode)spec.Seq("tls").Single();
        Assert.False(string.IsNullOrEmpty(tls.Str("secretName")), $"{ingress}: tls names no Secret");
        var rules = spec.Seq("rules").OfType<YamlMappingNode>().ToList();
        Assert.Equal(rules.Select(r => r.Str("host")), tls.Seq("hosts").Select(h => ((YamlScalarNode)h).Value));

        var backend = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)rules.Single().Child("http")!).Seq("paths").Single()).Child("backend")!).Child("service")!;
        var service = All.Single(m => m.Kind == "Service" && m.Name == backend.Str("name") && IsUnder(m.File, "base"));
        var serviceSpec = (YamlMappingNode)service.Root.Child("spec")!;
        var port = serviceSpec.Seq("ports").OfType<YamlMappingNode>().Single(p => p.Str("name") == ((YamlMappingNode)backend.Child("port")!).Str("name"));
        foreach (var silo in SiloDeployments())
        {
            Assert.True(Selects(serviceSpec.Child("selector") is YamlMappingNode s ? new YamlMappingNode(new YamlScalarNode("matchLabels"), s) : null, silo), $"{service}: does not select {silo}");
            Assert.Contains(port.Str("targetPort")!, ContainerPorts(silo).Keys);
        }
    }

    // ---- option mapping ----

    static void CheckOption(Manifest deployment, string name, string? value)
    {
        var parts = name.Split("__");
        Assert.True(OptionSections.TryGetValue(parts[0], out var type), $"{deployment}: {name}: '{parts[0]}' is not an options section ({string.Join(", ", OptionSections.Keys)})");
        Assert.True(parts.Length >= 2, $"{deployment}: {name} names no property");
        var property = type!.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance);
        Assert.True(property is not null && property.CanWrite, $"{deployment}: {name}: {type.Name} has no settable property '{parts[1]}'");

        var propertyType = property!.PropertyType;
        if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>))
        {
            Assert.True(parts.Length == 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _), $"{deployment}: {name}: a list element needs one numeric index");
            return;
        }
        if (typeof(IDictionary).IsAssignableFrom(propertyType))
        {
            Assert.True(parts.Length == 3 && parts[2].Length > 0, $"{deployment}: {name}: a dictionary entry needs one key");
            return;
        }
        Assert.True(parts.Length == 2, $"{deployment}: {name}: {type.Name}.{property.Name} has no sub-keys");
        if (value is null || value.Contains("$(", StringComparison.Ordinal)) return;

        var target = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        bool parses = target == typeof(string)
            || (target.IsEnum && Enum.TryParse(target, value, ignoreCase: true, out _) && !int.TryParse(value, out _))
            || (target == typeof(int) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            || (target == typeof(bool) && bool.TryParse(value, out _))
            || (target == typeof(TimeSpan) && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _));
        Assert.True(parses, $"{deployment}: {name}='{value}' does not bind to {target.Name}");
    }

    // ---- manifest helpers ----

    static List<Manifest> SiloDeployments() =>
        All.Where(m => m.Kind == "Deployment" && IsUnder(m.File, "base")
            && Containers(m).Any(c => c.Seq("env").OfType<YamlMappingNode>().Any(e => e.Str("name") == "Silo__Mode"))).ToList();

    static Dictionary<string, string> SiloEnv(Manifest deployment) =>
        Containers(deployment).Single().Seq("env").OfType<YamlMappingNode>()
            .Where(e => e.Str("value") is not null)
            .ToDictionary(e => e.Str("name")!, e => e.Str("value")!, StringComparer.Ordinal);

    static string? GpuLimit(Manifest deployment) =>
        Containers(deployment).Select(c => ((c.Child("resources") as YamlMappingNode)?.Child("limits") as YamlMappingNode)?.Str(GpuResource)).FirstOrDefault(v => v is not null);

    static YamlMappingNode PodSpec(Manifest workload) =>
        (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)workload.Root.Child("spec")!).Child("template")!).Child("spec")!;

    static IEnumerable<YamlMappingNode> Containers(Manifest workload) => PodSpec(workload).Seq("containers").OfType<YamlMappingNode>();

    static IEnumerable<Manifest> Workloads() => All.Where(m => m.Kind is "Deployment" or "StatefulSet" or "Job");

    static Dictionary<string, string> PodLabels(Manifest workload) =>
        ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)workload.Root.Child("spec")!).Child("template")!).Child("metadata")!).Child("labels")!)
            .Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);

    /// <summary>Whether a label selector (<c>matchLabels</c> only, as the manifests use) matches the workload's pods.</summary>
    static bool Selects(YamlMappingNode? selector, Manifest workload)
    {
        if (selector?.Child("matchLabels") is not YamlMappingNode match) return false;
        var labels = PodLabels(workload);
        return match.Children.All(c => labels.GetValueOrDefault(((YamlScalarNode)c.Key).Value!) == ((YamlScalarNode)c.Value).Value);
    }

    static Manifest NetworkPolicySelecting(Manifest workload) =>
        All.Single(m => m.Kind == "NetworkPolicy" && Selects(((YamlMappingNode)m.Root.Child("spec")!).Child("podSelector") as YamlMappingNode, workload));

    static IEnumerable<YamlMappingNode> IngressRules(Manifest policy) => ((YamlMappingNode)policy.Root.Child("spec")!).Seq("ingress").OfType<YamlMappingNode>();

    static IEnumerable<YamlMappingNode> From(YamlMappingNode rule) => rule.Seq("from").OfType<YamlMappingNode>();

    /// <summary>Whether a pod selector of the rule, in the policy's own namespace, admits the workload's pods.</summary>
    static bool Admits(YamlMappingNode rule, Manifest workload) =>
        From(rule).Any(f => f.Child("namespaceSelector") is null && Selects(f.Child("podSelector") as YamlMappingNode, workload));

    static List<string> RulePorts(YamlMappingNode rule) => rule.Seq("ports").OfType<YamlMappingNode>().Select(p => p.Str("port")!).ToList();

    static Dictionary<string, int> ContainerPorts(Manifest workload) =>
        Containers(workload).SelectMany(c => c.Seq("ports").OfType<YamlMappingNode>())
            .ToDictionary(p => p.Str("name")!, p => int.Parse(p.Str("containerPort")!, CultureInfo.InvariantCulture));

    static bool IsUnder(string file, string folder) =>
        Path.GetRelativePath(K8sRoot, file).Replace('\\', '/').StartsWith(folder + "/", StringComparison.Ordinal);

    /// <summary>configMapGenerator and secretGenerator entries with their files (a <c>key=</c> prefix removed).</summary>
    static IEnumerable<(string? Name, List<string> Files)> GeneratorFiles(Manifest kustomization) =>
        kustomization.Root.Seq("configMapGenerator").Concat(kustomization.Root.Seq("secretGenerator")).OfType<YamlMappingNode>()
            .Select(g => (g.Str("name"), g.Seq("files").Select(n => ((YamlScalarNode)n).Value!).Select(f => f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..]).ToList()));

    static YamlMappingNode LoadYaml(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file)) stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    static List<Manifest> LoadAll()
    {
        var manifests = new List<Manifest>();
        foreach (var file in Directory.EnumerateFiles(K8sRoot, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file)) stream.Load(reader);
            foreach (var document in stream.Documents)
                if (document.RootNode is YamlMappingNode root) manifests.Add(new Manifest(file, root));
        }
        return manifests;
    }
}

static class YamlNodeExtensions
{
    public static YamlNode? Child(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Str(this YamlMappingNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Seq(this YamlMappingNode node, string key) =>
        node.Child(key) is YamlSequenceNode sequence ? sequence.Children : [];
}

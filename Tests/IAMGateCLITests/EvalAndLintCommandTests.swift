import Foundation
import Testing

/// One bad input: the file's bytes, and what the one-sentence error must say.
struct BadInput: CustomTestStringConvertible, Sendable {
    var label: String
    var bytes: [UInt8]
    /// Fragments the error line must contain (besides the file name).
    var expected: [String]

    var testDescription: String { label }

    static func text(_ label: String, _ text: String, _ expected: [String]) -> BadInput {
        BadInput(label: label, bytes: Array(text.utf8), expected: expected)
    }

    /// Every class of bad policy input the issue names: invalid JSON (truncated, trailing garbage, invalid UTF-8),
    /// deep nesting, a 50 MB string, wrong element types, unknown operators, an empty file.
    static let all: [BadInput] = [
        .text("truncated", #"{"Version": "2012-10-17", "Statement": ["#, ["1:41", "unexpected end of input"]),
        .text("trailing garbage", #"{"Version":"2012-10-17","Statement":[]} x"#, ["1:41", "trailing content"]),
        BadInput(
            label: "invalid UTF-8",
            bytes: Array(#"{"Version":"2012-10-17","Statement":[{"Sid":"a"#.utf8) + [0xFF] + Array(#""}]}"#.utf8),
            expected: ["1:47", "invalid UTF-8 byte 0xFF"]),
        BadInput(
            label: "nested 100,000 levels", bytes: [UInt8](repeating: UInt8(ascii: "["), count: 100_000),
            expected: ["1:513", "nesting deeper than 512 levels"]),
        BadInput(
            label: "50 MB policy string",
            bytes: Array(#"{"Version":"2012-10-17","Statement":[{"Sid":""#.utf8)
                + [UInt8](repeating: UInt8(ascii: "x"), count: 50_000_000)
                + Array(#"","Effect":"Allow","Action":"*","Resource":"*"}]}"#.utf8),
            expected: ["1:1", "no AWS policy type accepts more than 131072"]),
        .text(
            "wrong element type", #"{"Version":"2012-10-17","Statement":[{"Effect":1,"Action":"*","Resource":"*"}]}"#,
            ["1:48", "'Effect' must be a string, not a number"]),
        .text(
            "unknown operator",
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
             "Condition":{"StringEqual":{"aws:username":"a"}}}]}
            """, ["2:15", "unknown condition operator 'StringEqual' (did you mean 'StringEquals'?)"]),
        .text("empty file", "", ["1:1", "the document is empty"]),
        .text(
            "Action and NotAction",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}]}"#,
            ["has both 'Action' and 'NotAction'"]),
        .text(
            "unknown element",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Actions":"*","Resource":"*"}]}"#,
            ["1:56", "unknown statement element 'Actions' (did you mean 'Action'?)"]),
    ]
}

@Suite("Bad input: one sentence, exit 64, no crash")
struct BadInputTests {
    @Test("lint", arguments: BadInput.all)
    func lint(_ input: BadInput) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("policy.json")
        try Data(input.bytes).write(to: file)
        let result = try CLI.run(["lint", file.path])
        #expect(result.status == 64)
        let errorLines = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errorLines.count == 1, "\(result.stdout)")
        let line = String(errorLines.first ?? "")
        #expect(line.hasPrefix(file.path))
        for fragment in input.expected {
            #expect(line.contains(fragment), "'\(line)' lacks '\(fragment)'")
        }
    }

    /// The same policies embedded in an evaluation case: the error names the case file, the case and the position.
    @Test("eval with a bad policy file given as a case file", arguments: BadInput.all)
    func evalRejects(_ input: BadInput) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cases.json")
        try Data(input.bytes).write(to: file)
        let result = try CLI.run(["eval", file.path])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty, "nothing half-done on stdout")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("iamgate: error: "))
        #expect(result.stderr.contains(file.path))
    }

    @Test("a policy error inside a case names the case, the policy and the line")
    func policyInsideCase() throws {
        let json = """
            [{"name": "x", "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "imagebuilder:GetImage",
              "resource": "*"}, "policies": {"identity": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
              "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "soon"}}}}]}}]
            """
        let result = try CLI.run(["eval", "-"], stdin: Data(json.utf8))
        #expect(result.status == 64)
        #expect(result.stderr.contains("case 'x' identity[0]"))
        #expect(result.stderr.contains("line 3:"))
        #expect(result.stderr.contains("'soon' is not a valid value for NumericLessThan"))
    }

    @Test(
        "bad case fields",
        arguments: [
            (
                #"{"name": "y", "request": {"principal": "bob", "action": "a:b", "resource": "*"}}"#,
                "unrecognised principal 'bob'"
            ),
            (
                #"{"name": "y", "request": {"principal": "anonymous", "action": "GetImage", "resource": "*"}}"#,
                "not of the form 'service:Action'"
            ),
            (
                #"{"name": "y", "request": {"principal": "anonymous", "action": "a:b"}}"#,
                "'case 'y' request.resource' is required"
            ),
            (
                #"{"name": "y", "request": {"principal": "anonymous", "action": "a:b", "resource": "*"}, "mode": "fast"}"#,
                "unknown mode 'fast'"
            ),
            (
                #"{"name": "y", "request": {"principal": "anonymous", "action": "a:b", "resource": "*"}, "expect": {}}"#,
                "unknown key 'expect'"
            ),
            (#"{"Version": "2012-10-17", "Statement": []}"#, "this looks like a policy"),
            (
                #"{"name": "y", "request": {"principal": "arn:aws:iam::111122223333:user/u", "action": "a:b", "resource": "*"}, "policies": {"session": {"Statement": []}}}"#,
                "a session policy applies to role sessions and federated users"
            ),
            (
                #"{"name": "y", "request": {"principal": "anonymous", "action": "a:b", "resource": "*", "context": {"k": {"a": 1}}}}"#,
                "context key 'k' must be a string, number, boolean or an array"
            ),
        ])
    func badCaseFields(json: String, fragment: String) throws {
        let result = try CLI.run(["eval", "-"], stdin: Data(json.utf8))
        #expect(result.status == 64)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("a missing file is one sentence with the OS reason")
    func missingFile() throws {
        let result = try CLI.run(["eval", "/nonexistent/cases.json"])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "iamgate: error: cannot read case file '/nonexistent/cases.json': no such file or directory\n")
    }
}

@Suite("iamgate eval")
struct EvalCommandTests {
    @Test("the bundled examples all hold and exit 0")
    func examples() throws {
        let result = try CLI.run(["eval", "policies/examples/cases/evaluation-cases.json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("8 cases: 8 held, 0 not held, 0 without expectation"))
        #expect(result.stdout.contains("EXPLICIT DENY"))
        #expect(result.stdout.contains("scp[1][0] statement 0 (Sid \"ProtectGoldenImages\") denies"))
        #expect(result.stdout.contains("? must hold: StringEquals aws:ResourceTag/team"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    /// DESIGN.md's evaluation-result contract: an array, one object per case, in order, with these fields.
    @Test("--format json follows the result contract")
    func jsonContract() throws {
        let result = try CLI.run(["eval", "--format", "json", "policies/examples/cases/evaluation-cases.json"])
        #expect(result.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let cases = try #require(parsed as? [[String: Any]])
        #expect(cases.count == 8)
        for item in cases {
            for key in ["name", "decision", "blockedBy", "matchedStatements", "missingContextKeys", "conditions"] {
                #expect(item[key] != nil, "missing \(key)")
            }
            #expect(["allowed", "explicitDeny", "implicitDeny"].contains(item["decision"] as? String ?? ""))
            for statement in item["matchedStatements"] as? [[String: Any]] ?? [] {
                for key in ["policyType", "policyIndex", "statementIndex", "sid", "effect"] {
                    #expect(statement[key] != nil, "matched statement lacks \(key)")
                }
            }
        }
        #expect(cases[5]["decision"] as? String == "explicitDeny")
        #expect(cases[5]["blockedBy"] as? [String] == ["scp"])
        #expect(cases[0]["name"] as? String == "auditor: read-only access lets the auditor read an image")
    }

    @Test("an expectation that does not hold exits 2 and says what differed")
    func notHeld() throws {
        let json = """
            {"name": "wrong on purpose", "request": {"principal": "arn:aws:iam::111122223333:user/a",
             "action": "imagebuilder:GetImage", "resource": "*"}, "expected": {"decision": "allowed"}}
            """
        let result = try CLI.run(["eval", "-"], stdin: Data(json.utf8))
        #expect(result.status == 2)
        #expect(result.stdout.contains("NOT HELD"))
        #expect(result.stdout.contains("expected allowed, got implicitDeny"))
        #expect(result.stdout.contains("1 case: 0 held, 1 not held"))
    }

    @Test("cases without expectations exit 0")
    func noExpectation() throws {
        let json = """
            {"name": "no expectation", "request": {"principal": "arn:aws:iam::111122223333:root",
             "action": "imagebuilder:GetImage", "resource": "*"}}
            """
        let result = try CLI.run(["eval", "--format", "json", "-"], stdin: Data(json.utf8))
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"decision\": \"allowed\""))
    }

    @Test("no files is a usage error")
    func usage() throws {
        let result = try CLI.run(["eval"])
        #expect(result.status == 64)
    }
}

@Suite("iamgate lint")
struct LintCommandTests {
    func lint(_ json: String, _ extra: [String] = []) throws -> CLIResult {
        try CLI.run(["lint"] + extra + ["-"], stdin: Data(json.utf8))
    }

    @Test("warnings alone exit 0 and carry codes and positions")
    func warnings() throws {
        let result = try lint(
            """
            {"Statement": [{"Effect": "Allow", "Action": ["imagebuilder:GetImages", "imagebuilder:ListImages"],
              "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:component/*"}]}
            """)
        #expect(result.status == 0)
        #expect(result.stdout.contains("-:1:1: warning:"))
        #expect(result.stdout.contains("[missing-version]"))
        #expect(
            result.stdout.contains(
                "'imagebuilder:GetImages' matches no known action (did you mean 'imagebuilder:GetImage'?) [unknown-action]"
            ))
        #expect(result.stdout.contains("[wildcard-only-action]"))
    }

    @Test("a resource that cannot match the action's resource types is reported")
    func resourceMismatch() throws {
        let result = try lint(
            """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "imagebuilder:GetImage",
              "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:component/*"}]}
            """)
        #expect(result.status == 0)
        #expect(result.stdout.contains("[resource-mismatch]"))
        #expect(result.stdout.contains("-:2:15:"))
    }

    @Test("--type decides where Principal belongs")
    func policyType() throws {
        let policy = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "imagebuilder:GetImage",
              "Resource": "*"}]}
            """
        #expect(try lint(policy, ["--type", "resource"]).status == 0)
        let identity = try lint(policy, ["--type", "identity"])
        #expect(identity.status == 64)
        #expect(identity.stdout.contains("[principal-not-allowed]"))
    }

    @Test("--format json lists findings per file")
    func json() throws {
        let result = try lint(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
            ["--format", "json"])
        #expect(result.status == 0)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.first?["file"] as? String == "-")
        #expect(parsed.first?["errors"] as? Int == 0)
    }

    @Test("URL-encoded documents, as IAM's API returns them, are accepted")
    func urlEncoded() throws {
        let encoded =
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A"
            + "%22imagebuilder%3AGetImage%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"
        let result = try lint(encoded)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("0 errors, 0 warnings, 1 clean"))
    }
}

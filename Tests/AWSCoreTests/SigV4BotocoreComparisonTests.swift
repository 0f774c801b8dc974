import AWSTestSupport
import Foundation
import Testing

@testable import AWSCore

/// Signs a few hundred generated requests with both the Swift signer and botocore's `SigV4Auth`
/// (`scripts/sigv4-compare.py`) and compares the canonical request, the string to sign and the `Authorization`
/// header of every one.
///
/// The generator stays inside what the two signers agree on by design: the query of the URL is canonically
/// encoded (botocore signs the URL's query as it is, the Swift signer decodes and re-encodes it, which the official
/// suite checks with raw UTF-8), there is no `Date` header (botocore then replaces it and drops `X-Amz-Date`), and
/// header whitespace is ASCII (botocore's `str.split()` also splits on Unicode spaces).
@Suite("SigV4 against botocore")
struct SigV4BotocoreComparisonTests {
    static let requestCount = 400

    @Test("canonical request, string to sign and Authorization match botocore for generated requests")
    func matchesBotocore() throws {
        var generator = SigV4RequestGenerator(seed: 0x5EED_516E_5634)
        let samples = (0..<Self.requestCount).map { generator.sample(id: $0) }
        #expect(Set(samples.map(\.service)) == ["iam", "sts", "cloudcontrolapi"])

        let input = FileManager.default.temporaryDirectory
            .appendingPathComponent("iamgate-sigv4-\(UUID().uuidString).jsonl")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines: [String] = []
        for sample in samples {
            lines.append(String(decoding: try encoder.encode(sample.wire), as: UTF8.self))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }

        let outcome = BotocoreSigner.run(input: input)
        guard outcome.status == 0 else {
            Issue.record(
                """
                scripts/sigv4-compare.py failed with \(outcome.interpreter) (exit \(outcome.status)): \
                \(outcome.errors.trimmingCharacters(in: .whitespacesAndNewlines)) (botocore is required: the test \
                command installs it into .venv; IAMGATE_PYTHON names another interpreter)
                """)
            return
        }
        let outputLines = outcome.output.split(separator: "\n").map(String.init)
        let decoder = JSONDecoder()
        let references = try outputLines.dropFirst().map {
            try decoder.decode(BotocoreSigning.self, from: Data($0.utf8))
        }
        try #require(
            references.count == samples.count,
            "botocore signed \(references.count) of \(samples.count) requests; output began: \(outputLines.prefix(2))")

        var compared = 0
        for (sample, reference) in zip(samples, references) {
            try #require(reference.id == sample.id)
            let signing = sample.signer.signing(sample.request, credentials: sample.credentials, date: sample.date)
            let differences = [
                ("canonical request", signing.canonicalRequest, reference.canonicalRequest),
                ("string to sign", signing.stringToSign, reference.stringToSign),
                ("Authorization", signing.authorization, reference.authorization),
            ].filter { $0.1 != $0.2 }
            if let (what, ours, theirs) = differences.first {
                Issue.record(
                    """
                    request \(sample.id) (of \(samples.count), \(outputLines.first ?? "")): \(what) differs from \
                    botocore
                    request: \(lines[sample.id])
                    swift:
                    \(ours)
                    botocore:
                    \(theirs)
                    """)
                return
            }
            compared += 1
        }
        #expect(compared == Self.requestCount)
        #expect(compared >= 200)
    }

    @Test("the generator is deterministic and varied")
    func generatorIsVaried() {
        var first = SigV4RequestGenerator(seed: 42)
        var second = SigV4RequestGenerator(seed: 42)
        let a = (0..<200).map { first.sample(id: $0) }
        let b = (0..<200).map { second.sample(id: $0) }
        #expect(a.map(\.wire) == b.map(\.wire))
        #expect(a.contains { $0.credentials.sessionToken != nil })
        #expect(a.contains { $0.credentials.sessionToken == nil })
        #expect(a.contains { $0.request.body.isEmpty })
        #expect(a.contains { !$0.request.body.isEmpty && String(validating: $0.request.body, as: UTF8.self) == nil })
        #expect(a.contains { ($0.request.query ?? "").contains("&") })
        #expect(a.contains { $0.request.path.unicodeScalars.contains { !$0.isASCII } })
        #expect(a.contains { $0.request.path.contains("/../") || $0.request.path.contains("/./") })
        #expect(
            a.contains { request in
                let names = request.request.headers.map { $0.name.lowercased() }
                return Set(names).count < names.count
            })
        #expect(Set(a.map(\.signer.region)).count > 3)
    }
}

/// What `scripts/sigv4-compare.py` prints for one request.
struct BotocoreSigning: Decodable {
    var id: Int
    var canonicalRequest: String
    var stringToSign: String
    var authorization: String

    enum CodingKeys: String, CodingKey {
        case id, authorization
        case canonicalRequest = "canonical_request"
        case stringToSign = "string_to_sign"
    }
}

/// Runs `scripts/sigv4-compare.py` with the Python that has botocore: `IAMGATE_PYTHON`, else the package's
/// `.venv/bin/python3`, else `python3` on the PATH.
enum BotocoreSigner {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("scripts/sigv4-compare.py").path

    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
        var interpreter: String
    }

    static func python() -> (executable: String, arguments: [String], description: String) {
        if let override = ProcessInfo.processInfo.environment["IAMGATE_PYTHON"], !override.isEmpty {
            return (override, [], "IAMGATE_PYTHON=\(override)")
        }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python3").path
        if FileManager.default.isExecutableFile(atPath: venv) { return (venv, [], venv) }
        return ("/usr/bin/env", ["python3"], "python3 on PATH")
    }

    static func run(input: URL) -> Outcome {
        let (executable, arguments, description) = python()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + [script, input.path]
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("iamgate-sigv4-\(UUID().uuidString).stderr")
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil),
            let errorHandle = try? FileHandle(forWritingTo: errorFile)
        else {
            return Outcome(status: 127, output: "", errors: "cannot open \(errorFile.path)", interpreter: description)
        }
        process.standardError = errorHandle
        do {
            try process.run()
        } catch {
            return Outcome(
                status: 127, output: "", errors: "cannot start \(executable): \(error)", interpreter: description)
        }
        let data = ChildOutput.readToEnd(output.fileHandleForReading)
        process.waitUntilExit()
        try? errorHandle.close()
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return Outcome(
            status: process.terminationStatus, output: String(decoding: data, as: UTF8.self), errors: errors,
            interpreter: description)
    }
}

/// One generated request, how to sign it in Swift, and the same thing as a JSON line for the script.
struct SigV4Sample {
    struct Wire: Encodable, Equatable {
        var id: Int
        var method: String
        var url: String
        var headers: [[String]]
        var bodyBase64: String
        var service: String
        var region: String
        var accessKeyId: String
        var secretAccessKey: String
        var sessionToken: String?
        var epochSeconds: Double

        enum CodingKeys: String, CodingKey {
            case id, method, url, headers, service, region
            case bodyBase64 = "body_base64"
            case accessKeyId = "access_key_id"
            case secretAccessKey = "secret_access_key"
            case sessionToken = "session_token"
            case epochSeconds = "epoch_seconds"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(method, forKey: .method)
            try container.encode(url, forKey: .url)
            try container.encode(headers, forKey: .headers)
            try container.encode(bodyBase64, forKey: .bodyBase64)
            try container.encode(service, forKey: .service)
            try container.encode(region, forKey: .region)
            try container.encode(accessKeyId, forKey: .accessKeyId)
            try container.encode(secretAccessKey, forKey: .secretAccessKey)
            try container.encode(sessionToken, forKey: .sessionToken)  // null when absent
            try container.encode(epochSeconds, forKey: .epochSeconds)
        }
    }

    var id: Int
    var service: String
    var signer: SigV4Signer
    var request: HTTPRequest
    var credentials: AWSCredentials
    var date: Date
    var wire: Wire
}

/// SplitMix64: a small seeded generator, so every run signs the same requests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds varied requests for IAM, STS and Cloud Control: odd paths (dots, doubled slashes, encoded and raw
/// reserved characters, UTF-8), queries with repeated and value-less keys, mixed-case and repeated headers with
/// untidy whitespace, headers the signer must skip or replace, and empty, form, JSON and binary bodies.
struct SigV4RequestGenerator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(state: seed)
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    static let regions = [
        "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1",
        "sa-east-1", "cn-north-1", "us-gov-west-1",
    ]

    mutating func sample(id: Int) -> SigV4Sample {
        let service = pick(["iam", "sts", "cloudcontrolapi"])
        let region = service == "iam" && chance(0.6) ? "us-east-1" : pick(Self.regions)
        var (scheme, host, port) = endpoint(service: service, region: region)
        if chance(0.1) {
            host = String(host.map { chance(0.5) ? Character($0.uppercased()) : $0 })
        }
        let method = pick(["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "HEAD", "post", "get"])
        let path = self.path()
        let query = self.query()
        let body = self.body(service: service)
        var headers = self.headers(service: service, body: body)
        if chance(0.15) {
            let name = pick(["Host", "host", "HOST"])
            headers.insert(HTTPHeader(name, pick([host, "example.com", " spaced.example.com "])), at: 0)
        }
        let credentials = self.credentials()
        let epoch = Double(int(946_684_800...4_102_444_799)) + (chance(0.3) ? Double(int(0...999)) / 1000 : 0)
        var url = "\(scheme)://\(host)"
        if let port { url += ":\(port)" }
        url += path
        if let query { url += "?\(query)" }
        let request = HTTPRequest(
            method: method, scheme: scheme, host: host, port: port, path: path, query: query, headers: headers,
            body: body)
        let wire = SigV4Sample.Wire(
            id: id, method: method, url: url, headers: headers.map { [$0.name, $0.value] },
            bodyBase64: Data(body).base64EncodedString(), service: service, region: region,
            accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken, epochSeconds: epoch)
        return SigV4Sample(
            id: id, service: service, signer: SigV4Signer(service: service, region: region), request: request,
            credentials: credentials, date: Date(timeIntervalSince1970: epoch), wire: wire)
    }

    mutating func endpoint(service: String, region: String) -> (scheme: String, host: String, port: Int?) {
        switch int(0...9) {
        case 0: return ("http", "127.0.0.1", 5055)  // moto
        case 1: return ("http", "localhost", pick([80, 8080]))
        case 2: return ("https", "\(service).\(region).amazonaws.com", pick([443, 8443]))
        default:
            if service == "iam" {
                return ("https", region.hasPrefix("cn-") ? "iam.cn-north-1.amazonaws.com.cn" : "iam.amazonaws.com", nil)
            }
            return ("https", "\(service).\(region).amazonaws.com", nil)
        }
    }

    static let pathSegments = [
        "", ".", "..", "a", "b", "example", "example space", "ሴ", "日本語", "ü", "%2F", "a%2Fb", "%20", "%E1%88%B4",
        "%", "100%", "~user", "foo;bar", "x=y", "@", "a+b", "!$&'()*,", ":colon", "-_.~", "...", "%25", "CAPS",
    ]

    mutating func path() -> String {
        if chance(0.35) { return pick(["/", "/", ""]) }
        var segments: [String] = []
        for _ in 0..<int(1...5) {
            segments.append(pick(Self.pathSegments))
        }
        var path = "/" + segments.joined(separator: "/")
        if chance(0.25) { path += "/" }
        if chance(0.1) { path = "/" + path }
        return path
    }

    static let queryNames = [
        "Action", "Version", "a", "A", "b", "a.b", "a-b", "Param", "Param-3", "Param1", "ሴ", "key with space",
        "k=v", "x&y", "", "~", "Ω", "MaxItems", "Marker", "a%b",
    ]
    static let queryValues = [
        "", "v", "value1", "value with space", "a+b", "=", "&", "/", "ሴ", "%", "*", "日本語", "2010-05-08",
        "arn:aws:iam::123456789012:role/x", "\"quoted\"", "semi;colon", "~-._", "Zz",
    ]

    mutating func query() -> String? {
        switch int(0...9) {
        case 0...3: return nil
        case 4: return ""
        default:
            var pairs: [String] = []
            for _ in 0..<int(1...6) {
                let name = URIEncoding.encode(pick(Self.queryNames))
                if chance(0.15) {
                    pairs.append(name)  // a key without '='
                } else {
                    pairs.append("\(name)=\(URIEncoding.encode(pick(Self.queryValues)))")
                }
                if chance(0.2), let last = pairs.last {
                    pairs.append(last)  // repeated key (and value)
                }
            }
            return pairs.joined(separator: "&")
        }
    }

    mutating func body(service: String) -> [UInt8] {
        switch int(0...5) {
        case 0: return []
        case 1:
            let action = pick(["ListUsers", "SimulatePrincipalPolicy", "GetCallerIdentity", "AssumeRole"])
            let value = URIEncoding.encode(pick(Self.queryValues))
            return Array("Action=\(action)&Version=2010-05-08&Param=\(value)".utf8)
        case 2:
            return Array(#"{"TypeName":"AWS::IAM::Role","Identifier":"ሴ role","DesiredState":"{\"a\":1}"}"#.utf8)
        case 3: return (0..<int(1...300)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 4: return Array("text body with ü and\r\nlines".utf8)
        default: return Array(repeating: UInt8(ascii: "x"), count: int(1...2000))
        }
    }

    mutating func mixedCase(_ name: String) -> String {
        String(name.map { chance(0.5) ? Character($0.uppercased()) : Character($0.lowercased()) })
    }

    mutating func untidy(_ value: String) -> String {
        var words = value.split(separator: " ").map(String.init)
        if words.isEmpty { words = [""] }
        var result = ""
        for (index, word) in words.enumerated() {
            if index > 0 { result += pick([" ", "  ", "\t", " \t ", "\n  "]) }
            result += word
        }
        return pick(["", " ", "  ", "\t"]) + result + pick(["", " ", "\t ", "   "])
    }

    mutating func headers(service: String, body: [UInt8]) -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        switch service {
        case "cloudcontrolapi":
            headers.append(HTTPHeader("Content-Type", "application/x-amz-json-1.0"))
            headers.append(HTTPHeader("X-Amz-Target", "CloudApiService.\(pick(["GetResource", "ListResources"]))"))
        default:
            if chance(0.8) {
                headers.append(HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"))
            }
        }
        let extras: [(String, [String])] = [
            ("My-Header1", ["value1", "value2", "a   b   c", "", "VALUE"]),
            ("X-Custom_Name", ["x", "two words", "ü umlaut", "ሴ"]),
            ("x-amz-meta.dot", ["1", "  padded  "]),
            ("User-Agent", [AWSCore.userAgent, "botocore/1.43"]),
            ("Expect", ["100-continue"]),
            ("Connection", ["keep-alive"]),
            ("Transfer-Encoding", ["chunked"]),
            ("X-Amzn-Trace-Id", ["Root=1-5759e988-bd862e3fe1be46a994272793"]),
            ("Authorization", ["AWS4-HMAC-SHA256 stale"]),
            ("X-Amz-Date", ["20000101T000000Z"]),
            ("X-Amz-Security-Token", ["stale-token"]),
            ("Content-Length", ["\(body.count)"]),
            ("Accept", ["application/json", "text/xml"]),
            ("X-Amz-Content-SHA256", ["UNSIGNED-PAYLOAD"]),
            ("Content-Encoding", ["gzip", "identity"]),
        ]
        for _ in 0..<int(0...6) {
            let (name, values) = pick(extras)
            let header = HTTPHeader(mixedCase(name), untidy(pick(values)))
            if headers.isEmpty || chance(0.5) {
                headers.append(header)
            } else {
                headers.insert(header, at: int(0...headers.count))
            }
            if chance(0.25) {
                headers.append(HTTPHeader(mixedCase(name), untidy(pick(values))))  // the same field again
            }
        }
        return headers
    }

    static let keyAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    mutating func credentials() -> AWSCredentials {
        let temporary = chance(0.5)
        let keyId = (temporary ? "ASIA" : "AKIA") + String((0..<16).map { _ in pick(Self.keyAlphabet) })
        let secret = String((0..<40).map { _ in pick(Self.secretAlphabet) })
        let token =
            temporary
            ? "IQoJb3JpZ2luX2VjE" + String((0..<int(40...300)).map { _ in pick(Self.secretAlphabet) }) + "==" : nil
        return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token)
    }
}

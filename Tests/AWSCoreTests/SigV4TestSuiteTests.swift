import Foundation
import Testing

@testable import AWSCore

/// The official SigV4 vectors: `awslabs/aws-c-auth` `tests/aws-signing-test-suite/v4`, copied to
/// `fixtures/sigv4-test-suite` (its SOURCE names the commit; Apache-2.0, see its LICENSE). Each case folder holds
/// the raw request (`request.txt`), its signing context (`context.json`) and the expected
/// `header-canonical-request.txt`, `header-string-to-sign.txt`, `header-signature.txt` and
/// `header-signed-request.txt`.
///
/// Every case runs except these, which describe signing modes iamgate never uses:
/// - the seven `*-unnormalized` cases (`get-relative-unnormalized`, `get-relative-relative-unnormalized`,
///   `get-slash-dot-slash-unnormalized`, `get-slash-pointless-dot-unnormalized`, `get-slash-unnormalized`,
///   `get-slashes-unnormalized`, `get-space-unnormalized`): `normalize: false` is S3's path mode (no dot-segment
///   removal, single encoding); IAM, STS and Cloud Control use the normalised, double-encoded path, which the
///   `*-normalized` twins of these cases check.
/// - `post-sts-header-after` (`omit_session_token: true`): the session token is added after signing and left out
///   of the signature, as some IoT endpoints want. botocore and the services iamgate calls always sign
///   `X-Amz-Security-Token`, as `get-vanilla-with-session-token` and `post-sts-header-before` check.
///
/// The `query-*` files (presigned URLs) are not used: iamgate signs with the `Authorization` header only. The two
/// `sign_body: true` cases (`post-x-www-form-urlencoded`, `post-x-www-form-urlencoded-parameters`) run with
/// `addsContentSHA256Header`, which is what `sign_body` means.
enum SigV4TestSuite {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/sigv4-test-suite")

    /// The number of case folders in aws-c-auth's v4 suite.
    static let expectedCaseCount = 38

    /// Case name → why it does not apply to iamgate.
    static let skipped: [String: String] = {
        let s3PathMode = "normalize:false is S3's path mode; iamgate signs only services with normalised paths"
        var skipped: [String: String] = [
            "post-sts-header-after":
                "omit_session_token: the token is added after signing; botocore and IAM/STS/Cloud Control sign it"
        ]
        for name in [
            "get-relative-unnormalized", "get-relative-relative-unnormalized", "get-slash-dot-slash-unnormalized",
            "get-slash-pointless-dot-unnormalized", "get-slash-unnormalized", "get-slashes-unnormalized",
            "get-space-unnormalized",
        ] {
            skipped[name] = s3PathMode
        }
        return skipped
    }()

    /// Every case folder found on disk, sorted. Throws when the suite's folder cannot be read, so a missing suite
    /// fails the tests instead of giving them no cases.
    static func allCases() throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SuiteError(
                description: "the SigV4 test suite is missing: expected \(directory.path) (aws-c-auth v4 vectors)")
        }
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(name).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// The cases that run. Throws unless the suite has all its ``expectedCaseCount`` cases, so the parameterised
    /// test fails rather than passing on an empty or partial list.
    static func runnableCases() throws -> [String] {
        let all = try allCases()
        guard all.count == expectedCaseCount else {
            throw SuiteError(
                description:
                    "\(directory.path) has \(all.count) case folders; aws-c-auth's v4 suite has \(expectedCaseCount)")
        }
        return all.filter { skipped[$0] == nil }
    }

    struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?

            enum CodingKeys: String, CodingKey {
                case accessKeyId = "access_key_id"
                case secretAccessKey = "secret_access_key"
                case token
            }
        }
        var credentials: Credentials
        var normalize: Bool
        var region: String
        var service: String
        var signBody: Bool
        var timestamp: String
        var omitSessionToken: Bool?

        enum CodingKeys: String, CodingKey {
            case credentials, normalize, region, service, timestamp
            case signBody = "sign_body"
            case omitSessionToken = "omit_session_token"
        }
    }

    struct Case {
        var name: String
        var context: Context
        var date: Date
        var request: HTTPRequest
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        var signedRequest: ParsedRequest
    }

    struct SuiteError: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ name: String) throws -> Case {
        let folder = directory.appendingPathComponent(name)
        func read(_ file: String) throws -> Data {
            do {
                return try Data(contentsOf: folder.appendingPathComponent(file))
            } catch {
                throw SuiteError(description: "case '\(name)': cannot read \(file): \(error)")
            }
        }
        func text(_ file: String) throws -> String { String(decoding: try read(file), as: UTF8.self) }
        let context = try JSONDecoder().decode(Context.self, from: try read("context.json"))
        guard let date = ISO8601DateFormatter().date(from: context.timestamp) else {
            throw SuiteError(
                description: "case '\(name)': context.json timestamp '\(context.timestamp)' is not ISO 8601")
        }
        let raw = try ParsedRequest(try read("request.txt"), file: "\(name)/request.txt")
        guard let host = raw.headers.first(where: { $0.hasName("Host") })?.value else {
            throw SuiteError(description: "case '\(name)': request.txt has no Host header")
        }
        let request = HTTPRequest(
            method: raw.method, scheme: "https", host: host, path: raw.path, query: raw.query, headers: raw.headers,
            body: raw.body)
        return Case(
            name: name, context: context, date: date, request: request,
            canonicalRequest: try text("header-canonical-request.txt"),
            stringToSign: try text("header-string-to-sign.txt"), signature: try text("header-signature.txt"),
            signedRequest: try ParsedRequest(
                try read("header-signed-request.txt"), file: "\(name)/header-signed-request.txt"))
    }
}

/// A raw HTTP/1.1 request as the suite writes it: request line, `Name:value` header lines (a line starting with a
/// space or tab continues the previous value), a blank line and the body. The request target is taken as it is,
/// spaces and UTF-8 included.
struct ParsedRequest {
    var method: String
    var path: String
    var query: String?
    var headers: [HTTPHeader]
    var body: [UInt8]

    init(_ data: Data, file: String) throws {
        let bytes = [UInt8](data)
        let separator: [UInt8] = Array("\n\n".utf8)
        var headEnd = bytes.count
        var bodyStart = bytes.count
        if let range = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) {
            headEnd = range
            bodyStart = range + separator.count
        }
        body = Array(bytes[bodyStart...])
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        guard let requestLine = lines.first,
            let firstSpace = requestLine.firstIndex(of: " "),
            let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace
        else {
            throw SigV4TestSuite.SuiteError(description: "\(file): bad request line '\(lines.first ?? "")'")
        }
        method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            query = String(target[target.index(after: question)...])
        } else {
            path = String(target)
            query = nil
        }
        headers = []
        for (number, line) in lines.dropFirst().enumerated() {
            if line.first == " " || line.first == "\t", let last = headers.indices.last {
                headers[last].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw SigV4TestSuite.SuiteError(description: "\(file) line \(number + 2): no ':' in '\(line)'")
            }
            headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
    }

    /// Header values by lower-cased name, each list in order.
    static func byName(_ headers: [HTTPHeader]) -> [String: [String]] {
        headers.reduce(into: [:]) { $0[$1.name.lowercased(), default: []].append($1.value) }
    }
}

@Suite("SigV4 official test suite")
struct SigV4TestSuiteTests {
    @Test("the suite is in fixtures/, and the skip list names only cases it has")
    func suiteIsThere() throws {
        let allCases = try SigV4TestSuite.allCases()
        #expect(allCases.count == 38, "aws-c-auth's v4 suite has 38 cases")
        for name in SigV4TestSuite.skipped.keys.sorted() {
            #expect(allCases.contains(name), "skipped case '\(name)' is not in the suite")
        }
        #expect(try SigV4TestSuite.runnableCases().count == 30, "38 cases less the 8 skipped")
    }

    @Test("signs like the official vector", arguments: try SigV4TestSuite.runnableCases())
    func vector(name: String) throws {
        let suiteCase = try SigV4TestSuite.load(name)
        let context = suiteCase.context
        #expect(context.normalize, "a run case must use normalised paths")
        #expect(context.omitSessionToken != true)
        let signer = SigV4Signer(
            service: context.service, region: context.region, addsContentSHA256Header: context.signBody)
        let credentials = AWSCredentials(
            accessKeyId: context.credentials.accessKeyId, secretAccessKey: context.credentials.secretAccessKey,
            sessionToken: context.credentials.token)
        let signing = signer.signing(suiteCase.request, credentials: credentials, date: suiteCase.date)

        #expect(signing.canonicalRequest == suiteCase.canonicalRequest, "canonical request of '\(name)'")
        #expect(signing.stringToSign == suiteCase.stringToSign, "string to sign of '\(name)'")
        #expect(signing.signature == suiteCase.signature, "signature of '\(name)'")
        let expectedAuthorization = suiteCase.signedRequest.headers.first { $0.hasName("Authorization") }?.value
        #expect(signing.authorization == expectedAuthorization, "Authorization of '\(name)'")
        #expect(signing.request.headerValues(named: "Authorization") == [signing.authorization])

        // The signed request carries the same fields as the suite's, values byte for byte and repeats in order.
        let ours = ParsedRequest.byName(signing.request.headers)
        #expect(ours == ParsedRequest.byName(suiteCase.signedRequest.headers), "signed headers of '\(name)'")
        #expect(signing.request.body == suiteCase.signedRequest.body)
    }
}

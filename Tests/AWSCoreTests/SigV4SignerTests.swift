import Foundation
import Testing

@testable import AWSCore

/// The signer's own rules, each against a value printed by `sigv4_reference.py` (botocore) or the AWS documentation.
@Suite("SigV4 signer")
struct SigV4SignerTests {
    static let example = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 2015-08-30T12:36:00Z, the suite's time.
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)

    @Test("an IAM ListUsers call signs as botocore does (aws-wire-formats.md §3)")
    func iamKnownAnswer() throws {
        let url = try #require(URL(string: "https://iam.amazonaws.com/"))
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array("Action=ListUsers&Version=2010-05-08".utf8))
        let signed = SigV4Signer(service: "iam", region: "us-east-1")
            .sign(request, credentials: Self.example, date: Self.suiteDate)
        #expect(
            signed.headerValue(named: "Authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d76d0de3e0ffe5a7a23cfce21b99d6f4e5060aad86bd9dc7c617f224e5b492a")
        #expect(signed.headerValues(named: "X-Amz-Date") == ["20150830T123600Z"])
        #expect(signed.headerValues(named: "Host") == ["iam.amazonaws.com"])
        #expect(signed.headerValue(named: "X-Amz-Security-Token") == nil)
        #expect(signed.headerValue(named: "X-Amz-Content-SHA256") == nil, "botocore does not send it to IAM")
        #expect(signed.body == request.body)
    }

    @Test("host and non-default port from the URL, stale headers replaced, token signed (botocore known answer)")
    func portTokenAndStaleHeaders() throws {
        let url = try #require(URL(string: "http://127.0.0.1:5055/a%20b/./c?b=2&a=1"))
        let request = HTTPRequest(
            method: "GET", url: url,
            headers: [HTTPHeader("X-Amz-Date", "20000101T000000Z"), HTTPHeader("authorization", "stale")])
        var credentials = Self.example
        credentials.sessionToken = "TOKEN123"
        let signing = SigV4Signer(service: "sts", region: "eu-west-1")
            .signing(request, credentials: credentials, date: Self.suiteDate)
        #expect(
            signing.canonicalRequest == """
                GET
                /a%2520b/c
                a=1&b=2
                host:127.0.0.1:5055
                x-amz-date:20150830T123600Z
                x-amz-security-token:TOKEN123

                host;x-amz-date;x-amz-security-token
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(signing.signature == "bae6aa51d08b03b4cec873b77d3b26e96a9f345f95098e13977f899bf7679f76")
        #expect(signing.request.headerValues(named: "Host") == ["127.0.0.1:5055"])
        #expect(signing.request.headerValues(named: "X-Amz-Date") == ["20150830T123600Z"])
        #expect(signing.request.headerValues(named: "X-Amz-Security-Token") == ["TOKEN123"])
        #expect(signing.request.headerValues(named: "Authorization") == [signing.authorization])
    }

    @Test(
        "the Host header leaves out the scheme's default port and keeps any other",
        arguments: [
            ("https://iam.amazonaws.com:443/", "iam.amazonaws.com"),
            ("http://localhost:80/", "localhost"),
            ("https://Example.AmazonAWS.com:8443/", "example.amazonaws.com:8443"),
            ("http://localhost:443/", "localhost:443"),
            ("http://[::1]:5055/", "[::1]:5055"),
        ])
    func hostFromURL(url: String, host: String) throws {
        let request = HTTPRequest(method: "GET", url: try #require(URL(string: url)))
        #expect(request.authority == host)
        let signed = SigV4Signer(service: "sts", region: "us-east-1")
            .signing(request, credentials: Self.example, date: Self.suiteDate)
        #expect(signed.canonicalRequest.contains("\nhost:\(host)\n"))
    }

    @Test("a Host header already present is signed as it is and not duplicated")
    func explicitHost() {
        let request = HTTPRequest(
            method: "GET", host: "127.0.0.1", port: 5055, headers: [HTTPHeader("HOST", " iam.amazonaws.com ")])
        let signing = SigV4Signer(service: "iam", region: "us-east-1")
            .signing(request, credentials: Self.example, date: Self.suiteDate)
        #expect(signing.canonicalRequest.contains("\nhost:iam.amazonaws.com\n"))
        #expect(signing.request.headerValues(named: "host") == [" iam.amazonaws.com "])
    }

    @Test("the date is injected: same inputs sign the same, another second signs differently")
    func dateIsInjected() {
        let request = HTTPRequest(
            method: "POST", host: "sts.amazonaws.com", body: Array("Action=GetCallerIdentity".utf8))
        let signer = SigV4Signer(service: "sts", region: "us-east-1")
        let first = signer.sign(request, credentials: Self.example, date: Self.suiteDate)
        let again = signer.sign(request, credentials: Self.example, date: Self.suiteDate.addingTimeInterval(0.9))
        let later = signer.sign(request, credentials: Self.example, date: Self.suiteDate.addingTimeInterval(1))
        #expect(first == again, "fractions of a second are dropped")
        #expect(first.headerValue(named: "Authorization") != later.headerValue(named: "Authorization"))
        #expect(later.headerValue(named: "X-Amz-Date") == "20150830T123601Z")
    }

    @Test(
        "timestamps are UTC, zero-padded and floor the seconds",
        arguments: [
            (0.0, "19700101T000000Z"),
            (951_868_799.999, "20000229T235959Z"),
            (951_868_800, "20000301T000000Z"),
            (1_440_938_160, "20150830T123600Z"),
            (4_102_444_799.5, "20991231T235959Z"),
            (-1, "19691231T235959Z"),
        ])
    func timestamp(seconds: Double, expected: String) {
        let timestamp = SigV4Timestamp(Date(timeIntervalSince1970: seconds))
        #expect(timestamp.amzDate == expected)
        #expect(timestamp.dateStamp == String(expected.prefix(8)))
    }

    @Test("signing key derivation matches the AWS documentation's example")
    func signingKey() {
        let key = SigV4Signer.signingKey(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: "20120215", region: "us-east-1",
            service: "iam")
        #expect(URIEncoding.lowercaseHex(key) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test(
        "paths: dot segments and empty segments go, then the wire form is encoded again",
        arguments: [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/a%20b/c%2Fd/./e", "/a%2520b/c%252Fd/e"),
            ("/example1/example2/../..", "/"),
            ("/a/../../b/", "/b/"),
            ("/./example", "/example"),
            ("/ሴ", "/%E1%88%B4"),
            ("/%E1%88%B4", "/%25E1%2588%25B4"),
            ("/a;b=c,d@e+f:g", "/a%3Bb%3Dc%2Cd%40e%2Bf%3Ag"),
            ("/~user/-_.", "/~user/-_."),
            ("/100%", "/100%25"),
        ])
    func canonicalURI(path: String, expected: String) {
        #expect(SigV4Signer.canonicalURI(path) == expected)
    }

    @Test(
        "queries: decoded, re-encoded with the unreserved set, sorted by key then value",
        arguments: [
            (nil, ""),
            ("", ""),
            ("b=2&a=1", "a=1&b=2"),
            ("a=2&a=1&a=", "a=&a=1&a=2"),
            ("Param-3=Value3&Param=Value2&%E1%88%B4=Value1", "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"),
            ("ሴ=bar", "%E1%88%B4=bar"),
            ("flag&x=1", "flag=&x=1"),
            ("k=a+b&s=a%20b&e=x=y", "e=x%3Dy&k=a%2Bb&s=a%20b"),
            ("lower=%e1%88%b4&bad=%zz", "bad=%25zz&lower=%E1%88%B4"),
            ("a.b=1&a=2&a-b=3", "a=2&a-b=3&a.b=1"),
        ] as [(String?, String)])
    func canonicalQuery(query: String?, expected: String) {
        #expect(SigV4Signer.canonicalQuery(query) == expected)
    }

    @Test("headers: lower-cased, trimmed, runs of whitespace collapsed, repeats joined in order, some never signed")
    func canonicalHeaders() {
        let request = HTTPRequest(
            method: "GET", host: "iam.amazonaws.com",
            headers: [
                HTTPHeader("My-Header1", "  value2 "), HTTPHeader("Zeta", "a   b\t\tc"),
                HTTPHeader("my-header1", "value1\n   continued"), HTTPHeader("User-Agent", AWSCore.userAgent),
                HTTPHeader("X-Amzn-Trace-Id", "Root=1"), HTTPHeader("Expect", "100-continue"),
                HTTPHeader("Empty", "   "),
            ])
        let headers = SigV4Signer(service: "iam", region: "us-east-1").canonicalHeaders(of: request)
        #expect(
            headers.block == "empty:\nhost:iam.amazonaws.com\nmy-header1:value2,value1 continued\nzeta:a b c\n")
        #expect(headers.signedHeaders == "empty;host;my-header1;zeta")
    }

    @Test("X-Amz-Content-SHA256 only when asked for; an explicit one stands for the payload")
    func contentSHA256() {
        let body = Array("Param1=value1".utf8)
        let request = HTTPRequest(method: "POST", host: "example.amazonaws.com", body: body)
        let hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"
        let plain = SigV4Signer(service: "iam", region: "us-east-1")
            .signing(request, credentials: Self.example, date: Self.suiteDate)
        #expect(plain.request.headerValue(named: "X-Amz-Content-SHA256") == nil)
        #expect(plain.canonicalRequest.hasSuffix("\n\(hash)"))
        let withHeader = SigV4Signer(service: "s3", region: "us-east-1", addsContentSHA256Header: true)
            .signing(request, credentials: Self.example, date: Self.suiteDate)
        #expect(withHeader.request.headerValues(named: "x-amz-content-sha256") == [hash])
        #expect(withHeader.signedHeaders == "host;x-amz-content-sha256;x-amz-date")

        var unsigned = request
        unsigned.headers.append(HTTPHeader("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"))
        let explicit = SigV4Signer(service: "iam", region: "us-east-1")
            .signing(unsigned, credentials: Self.example, date: Self.suiteDate)
        #expect(explicit.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
    }

    @Test("an empty session token adds no header; an old token header stays when the credentials have none")
    func tokenEdges() {
        let request = HTTPRequest(
            method: "POST", host: "sts.amazonaws.com", headers: [HTTPHeader("X-Amz-Security-Token", "old")])
        let signer = SigV4Signer(service: "sts", region: "us-east-1")
        var empty = Self.example
        empty.sessionToken = ""
        #expect(
            signer.sign(request, credentials: empty, date: Self.suiteDate).headerValues(named: "x-amz-security-token")
                == ["old"])
        var fresh = Self.example
        fresh.sessionToken = "new"
        #expect(
            signer.sign(request, credentials: fresh, date: Self.suiteDate).headerValues(named: "x-amz-security-token")
                == ["new"])
    }

    @Test("a signed request's description shows neither the token nor the signature")
    func requestDescription() {
        var credentials = Self.example
        credentials.sessionToken = "SESSION-TOKEN-VALUE"
        let signed = SigV4Signer(service: "sts", region: "us-east-1")
            .signing(
                HTTPRequest(method: "POST", host: "sts.amazonaws.com"), credentials: credentials, date: Self.suiteDate)
        let text = "\(signed.request)"
        #expect(text == "POST https://sts.amazonaws.com/ (4 headers, 0-byte body)")
        #expect(!text.contains("SESSION-TOKEN-VALUE") && !text.contains(signed.signature))
    }
}

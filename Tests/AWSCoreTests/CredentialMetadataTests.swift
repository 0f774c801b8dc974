import AWSCore
import Foundation
import Testing

@Suite("Credential providers: container credentials and IMDSv2")
struct CredentialMetadataTests {
    static let containerBody =
        #"{"AccessKeyId":"ASIACONTAINER0001","SecretAccessKey":"containerSecret","Token":"containerToken","#
        + #""Expiration":"2027-01-15T09:00:00Z","RoleArn":"arn:aws:iam::1:role/Task"}"#

    @Test("relative uri goes to 169.254.170.2 with the token from the variable")
    func containerRelative() throws {
        var home = FakeHome()
        home.variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc"
        home.variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "auth-token"
        let transport = FakeTransport { _ in FakeTransport.ok(Self.containerBody) }
        let credentials = try ContainerCredentialProvider(context: try home.context(transport: transport)).credentials()
        #expect(credentials?.accessKeyId == "ASIACONTAINER0001")
        #expect(credentials?.sessionToken == "containerToken")
        #expect(credentials?.expiration == Date(timeIntervalSince1970: 1_800_003_600))
        let request = try #require(transport.requests.first)
        #expect(request.url?.absoluteString == "http://169.254.170.2/v2/credentials/abc")
        #expect(request.method == "GET")
        #expect(request.headerValue(named: "Authorization") == "auth-token")
    }

    @Test("full uri with the token file taking precedence over the token variable")
    func containerFull() throws {
        var home = FakeHome()
        home.variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:51679/creds"
        home.variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "from-variable"
        home.variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/token"
        home.files["/var/token"] = "from-file\n"
        let transport = FakeTransport { _ in FakeTransport.ok(Self.containerBody) }
        _ = try ContainerCredentialProvider(context: try home.context(transport: transport)).credentials()
        #expect(transport.requests.first?.url?.absoluteString == "http://127.0.0.1:51679/creds")
        #expect(transport.requests.first?.headerValue(named: "Authorization") == "from-file")
    }

    @Test(
        "full uri must be https or a loopback/container-agent host",
        arguments: [
            ("https://example.com/creds", true), ("http://localhost/c", true), ("http://127.0.0.2:8/c", true),
            ("http://[::1]/c", true), ("http://169.254.170.23/c", true), ("http://[fd00:ec2::23]/c", true),
            ("http://169.254.170.2/c", true), ("http://example.com/c", false), ("http://10.0.0.1/c", false),
            ("ftp://127.0.0.1/c", false), ("http://127.0.0.1.evil.com/c", false),
        ])
    func containerFullURIRestriction(uri: String, allowed: Bool) throws {
        var home = FakeHome()
        home.variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri
        let transport = FakeTransport { _ in FakeTransport.ok(Self.containerBody) }
        let provider = ContainerCredentialProvider(context: try home.context(transport: transport))
        if allowed {
            #expect(try provider.credentials() != nil)
        } else {
            let error = #expect(throws: CredentialError.self) { try provider.credentials() }
            #expect(
                error?.description
                    == "container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI '\(uri)' must use https or a loopback or container-agent host"
            )
            #expect(transport.requests.isEmpty)
        }
    }

    @Test("container failures are errors; unset variables mean not configured")
    func containerFailures() throws {
        #expect(try ContainerCredentialProvider(context: try FakeHome().context()).credentials() == nil)
        var home = FakeHome()
        home.variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/c"
        let denied = FakeTransport { _ in FakeTransport.ok("nope", status: 403) }
        let error = #expect(throws: CredentialError.self) {
            try ContainerCredentialProvider(context: try home.context(transport: denied)).credentials()
        }
        #expect(error?.description == "container credentials: http://169.254.170.2/c answered http 403")
        let partial = FakeTransport { _ in FakeTransport.ok(#"{"AccessKeyId":"ASIAX"}"#) }
        let partialError = #expect(throws: CredentialError.self) {
            try ContainerCredentialProvider(context: try home.context(transport: partial)).credentials()
        }
        #expect(
            partialError?.description
                == "container credentials: the answer of http://169.254.170.2/c has no SecretAccessKey")
        home.variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/missing"
        let fileError = #expect(throws: CredentialError.self) {
            try ContainerCredentialProvider(context: try home.context(transport: partial)).credentials()
        }
        #expect(
            fileError?.description
                == "container credentials: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE /missing could not be read")
    }

    static func imdsTransport(tokenStatus: Int = 200, code: String = "Success") -> FakeTransport {
        FakeTransport { request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"): return FakeTransport.ok("imds-session", status: tokenStatus)
            case ("GET", "/latest/meta-data/iam/security-credentials/"): return FakeTransport.ok("WebServer\n")
            case ("GET", "/latest/meta-data/iam/security-credentials/WebServer"):
                return FakeTransport.ok(
                    #"{"Code":"\#(code)","Type":"AWS-HMAC","AccessKeyId":"ASIAINSTANCE00001","SecretAccessKey":"s","#
                        + #""Token":"t","Expiration":"2027-01-15T14:00:00Z"}"#)
            default: return FakeTransport.ok("", status: 404)
            }
        }
    }

    @Test("IMDSv2: token PUT with TTL header, then role list and role credentials with the token, 1 s timeouts")
    func imdsSequence() throws {
        let transport = Self.imdsTransport()
        let credentials = try InstanceMetadataCredentialProvider(context: try FakeHome().context(transport: transport))
            .credentials()
        #expect(credentials?.accessKeyId == "ASIAINSTANCE00001")
        let requests = transport.requests
        #expect(
            requests.map { "\($0.method) \($0.url?.absoluteString ?? "")" } == [
                "PUT http://169.254.169.254/latest/api/token",
                "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/WebServer",
            ])
        #expect(requests[0].headerValue(named: "x-aws-ec2-metadata-token-ttl-seconds") == "21600")
        #expect(requests[1].headerValue(named: "x-aws-ec2-metadata-token") == "imds-session")
        #expect(requests[2].headerValue(named: "x-aws-ec2-metadata-token") == "imds-session")
        #expect(transport.timeouts.allSatisfy { $0.total == .seconds(1) && $0.connect == .seconds(1) })
    }

    @Test("IMDS falls back to v1 when the token PUT is refused with 403, 404 or 405", arguments: [403, 404, 405])
    func imdsFallback(status: Int) throws {
        let transport = Self.imdsTransport(tokenStatus: status)
        let credentials = try InstanceMetadataCredentialProvider(context: try FakeHome().context(transport: transport))
            .credentials()
        #expect(credentials != nil)
        #expect(transport.requests.dropFirst().allSatisfy { $0.headerValue(named: "x-aws-ec2-metadata-token") == nil })
    }

    @Test("IMDS: disabled, not reachable, endpoint override and a failing code")
    func imdsSettings() throws {
        var home = FakeHome()
        home.variables["AWS_EC2_METADATA_DISABLED"] = "TRUE"
        let untouched = Self.imdsTransport()
        #expect(
            try InstanceMetadataCredentialProvider(context: try home.context(transport: untouched)).credentials() == nil
        )
        #expect(untouched.requests.isEmpty)
        #expect(try InstanceMetadataCredentialProvider(context: try FakeHome().context()).credentials() == nil)
        home = FakeHome()
        home.variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://[fd00:ec2::254]/"
        let moved = Self.imdsTransport()
        _ = try InstanceMetadataCredentialProvider(context: try home.context(transport: moved)).credentials()
        #expect(moved.requests.first?.url?.absoluteString == "http://[fd00:ec2::254]/latest/api/token")
        let failing = Self.imdsTransport(code: "Failure")
        let error = #expect(throws: CredentialError.self) {
            try InstanceMetadataCredentialProvider(context: try FakeHome().context(transport: failing)).credentials()
        }
        #expect(error?.description == "instance metadata: the credentials of role 'WebServer' have code 'Failure'")
    }
}

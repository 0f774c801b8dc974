import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// The network providers over the real `CurlTransport` against the scripted local server.
@Suite("Credential providers over CurlTransport and the test server", .serialized)
struct CredentialServerTests {
    @Test("STS AssumeRole answered by a scripted XML response")
    func assumeRole() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        try server.setScript(
            "sts", [["status": 200, "headers": [["Content-Type", "text/xml"]], "body": STSResponses.assumeRole()]],
            using: transport)
        var home = FakeHome()
        home.variables["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:\(server.port)/script/sts"
        home.credentials(
            "[base]\naws_access_key_id = \(CredentialSecrets.keyId)\naws_secret_access_key = \(CredentialSecrets.secret)\n"
        )
        home.config("[default]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n")
        let resolved = try CredentialChain.standard(context: try home.context(transport: transport)).resolve()
        #expect(resolved.source == "assume role")
        #expect(resolved.credentials.accessKeyId == CredentialSecrets.assumedKeyId)
        #expect(resolved.credentials.sessionToken == CredentialSecrets.assumedToken)
        #expect(try server.served("sts", using: transport) == 1)
    }

    @Test("IMDSv2 token and credentials sequence")
    func instanceMetadata() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        let credentials =
            #"{"Code":"Success","AccessKeyId":"ASIAINSTANCE00001","SecretAccessKey":"s","Token":"t","Expiration":"2027-01-15T14:00:00Z"}"#
        try server.setScript("imds/latest/api/token", [["body": "session-token"]], using: transport)
        try server.setScript(
            "imds/latest/meta-data/iam/security-credentials/", [["body": "WebServer"]], using: transport)
        try server.setScript(
            "imds/latest/meta-data/iam/security-credentials/WebServer", [["body": credentials]], using: transport)
        var home = FakeHome()
        home.variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:\(server.port)/script/imds"
        let resolved = try CredentialChain.standard(context: try home.context(transport: transport)).resolve()
        #expect(resolved.source == "instance metadata")
        #expect(resolved.credentials.accessKeyId == "ASIAINSTANCE00001")
        #expect(resolved.credentials.expiration == Date(timeIntervalSince1970: 1_800_021_600))
        #expect(try server.served("imds/latest/api/token", using: transport) == 1)
        #expect(try server.served("imds/latest/meta-data/iam/security-credentials/WebServer", using: transport) == 1)
    }

    @Test("IMDS that does not answer within 1 s counts as not configured")
    func instanceMetadataTimeout() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        try server.setScript("slow/latest/api/token", [["sleep": 3, "body": "late"]], using: transport)
        var home = FakeHome()
        home.variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:\(server.port)/script/slow"
        let started = ContinuousClock.now
        #expect(
            try InstanceMetadataCredentialProvider(context: try home.context(transport: transport)).credentials() == nil
        )
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test("container credentials JSON with the authorization header")
    func container() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        try server.setScript("ecs", [["body": CredentialMetadataTests.containerBody]], using: transport)
        var home = FakeHome()
        home.variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:\(server.port)/script/ecs"
        home.variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "auth"
        let resolved = try CredentialChain.standard(context: try home.context(transport: transport)).resolve()
        #expect(resolved.source == "container credentials")
        #expect(resolved.credentials.accessKeyId == "ASIACONTAINER0001")
        // The header itself, through the echo route.
        home.variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:\(server.port)/echo"
        let echoed = #expect(throws: CredentialError.self) {
            try ContainerCredentialProvider(context: try home.context(transport: transport)).credentials()
        }
        #expect(echoed?.description.contains("has no AccessKeyId") == true)
    }
}

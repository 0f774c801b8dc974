import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

@testable import IAMGateKit

/// `AWSSession.cloudControl(region:)`: a client per statement region, its endpoint chosen as the AWS CLI chooses a
/// service endpoint (`--endpoint-url`, then `AWS_ENDPOINT_URL_CLOUDCONTROL`, then `AWS_ENDPOINT_URL`, then
/// `https://cloudcontrolapi.<region>.amazonaws.com`; AWS SDKs and tools reference, "Service-specific endpoints"), and
/// its requests signed for that region.
@Suite("AWS session: the Cloud Control client")
struct AWSSessionCloudControlTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "session-secret")

    static func session(
        region: String? = "us-east-1", endpointURL: String? = nil, variables: [String: String] = [:],
        sleeper: RecordingSleeper = RecordingSleeper()
    ) throws -> AWSSession {
        var environment = [
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
        ]
        environment.merge(variables) { _, new in new }
        var options = AWSAccessOptions(
            region: region, endpointURL: endpointURL, environment: Environment(variables: environment))
        options.sleeper = sleeper
        return try AWSSession(options)
    }

    @Test func theStatementsRegionPicksEndpointAndSigningRegion() throws {
        let session = try Self.session()
        let client = try session.cloudControl(region: "eu-west-1")
        #expect(client.json.endpoint.absoluteString == "https://cloudcontrolapi.eu-west-1.amazonaws.com")
        #expect(client.region == "eu-west-1")
        #expect(client.json.signer.region == "eu-west-1" && client.json.signer.service == "cloudcontrolapi")
        let sessionRegion = try session.cloudControl()
        #expect(sessionRegion.json.endpoint.absoluteString == "https://cloudcontrolapi.us-east-1.amazonaws.com")
        #expect(sessionRegion.region == "us-east-1")
        #expect(try session.cloudControl(region: "").region == "us-east-1")
    }

    @Test func overridesComeFirstAndKeepTheStatementsSigningRegion() throws {
        let global = try Self.session(variables: ["AWS_ENDPOINT_URL": "http://global.test:5000"])
        #expect(try global.cloudControl(region: "ap-south-1").json.endpoint.absoluteString == "http://global.test:5000")
        let specific = try Self.session(variables: [
            "AWS_ENDPOINT_URL": "http://global.test:5000", "AWS_ENDPOINT_URL_CLOUDCONTROL": "http://cc.test:3",
        ])
        let client = try specific.cloudControl(region: "ap-south-1")
        #expect(client.json.endpoint.absoluteString == "http://cc.test:3")
        #expect(client.json.signer.region == "ap-south-1")
        let explicit = try Self.session(
            endpointURL: "http://cli.test:9", variables: ["AWS_ENDPOINT_URL_CLOUDCONTROL": "http://cc.test:3"])
        #expect(try explicit.cloudControl(region: "ap-south-1").json.endpoint.absoluteString == "http://cli.test:9")
    }

    @Test func noRegionAnywhereIsOneSentence() throws {
        let session = try Self.session(region: nil)
        let error = #expect(throws: RuntimeError.self) { try session.cloudControl() }
        #expect(
            error?.description
                == "no region is set for cloudcontrolapi (give the statement a region, or use --region, AWS_REGION or "
                + "'region' in profile 'default')")
        #expect(try session.cloudControl(region: "sa-east-1").region == "sa-east-1")
        let bad = try Self.session(endpointURL: "ftp://example.test")
        let badError = #expect(throws: RuntimeError.self) { try bad.cloudControl() }
        #expect(badError?.description == "the cloudcontrolapi endpoint 'ftp://example.test' is not an http(s) URL")
    }

    /// End to end through the session against the stand-in, which takes the region of the image ARN it makes from
    /// the request's credential scope: the client signs for the statement's region, not the session's; its calls
    /// count in the session's statistics; the session's waiter waits on the session's sleeper.
    @Test func signsForTheStatementsRegion() throws {
        let server = try FakeAWSServer(timeout: 120)
        defer { server.stop() }
        try server.configure(
            scenario: "session", FakeAWSScenario(accepting: Self.credentials, cloudControl: FakeCloudControlScenario()))
        let sleeper = RecordingSleeper()
        let session = try Self.session(endpointURL: server.endpoint(for: "session").absoluteString, sleeper: sleeper)
        let client = try session.cloudControl(region: "eu-central-1")
        let event = try client.createResource(
            typeName: "AWS::ImageBuilder::Image",
            desiredState: #"{"ImageRecipeArn":"arn:aws:imagebuilder:eu-central-1:123456789012:image-recipe/r/2.0.0","#
                + #""InfrastructureConfigurationArn":"arn:aws:imagebuilder:eu-central-1:123456789012:"#
                + #"infrastructure-configuration/i"}"#,
            clientToken: "session-1")
        #expect(event.identifier == "arn:aws:imagebuilder:eu-central-1:123456789012:image/r/2.0.0/1")
        let outcome = session.resourceRequestWaiter(client, timeout: 600).wait(for: event)
        #expect(outcome.isSuccess)
        #expect(sleeper.sleeps == [1, 2])
        let log = try server.requests("session")
        #expect(log.rejected == 0 && log.requests.count == 3)
        #expect(session.statistics.httpRequests == 3)
    }
}

import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

/// The clients over a real `CurlTransport` against `scripts/test-http-server.py`. Each test starts its own server and
/// stops it before returning; the server also exits when its stdin closes.
@Suite("IAM and STS clients against the local test server")
struct ServerTests {
    static let simulateRequest = SimulatePrincipalPolicyRequest(
        policySourceArn: "arn:aws:iam::123456789012:role/R",
        options: SimulationOptions(actionNames: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]))

    struct Setup {
        let server: TestServer
        let transport: CurlTransport
        let sleeper = RecordingSleeper()

        init() throws {
            server = try TestServer(timeout: 120)
            transport = try CurlTransport()
        }

        func url(_ path: String) throws -> URL {
            try #require(URL(string: "http://127.0.0.1:\(server.port)\(path)"))
        }

        var host: String { "127.0.0.1:\(server.port)" }

        func script(_ name: String, _ steps: [[String: Any]]) throws -> URL {
            try server.setScript(name, steps, using: transport)
            return try url("/script/\(name)")
        }

        func iam(_ endpoint: URL, retry: RetryPolicy = .standard, timeouts: HTTPTimeouts = .default) -> IAMClient {
            IAMClient(
                endpoint: endpoint, region: "us-east-1", credentials: Fixtures.credentials, transport: transport,
                clock: Fixtures.clock(), retry: retry, sleeper: sleeper, random: FixedRandomSource(0.5),
                timeouts: timeouts)
        }
    }

    @Test func twoPageSimulatePrincipalPolicy() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let endpoint = try setup.script(
            "pages",
            [
                ["body": Fixtures.simulatePage(["s3:GetObject", "s3:PutObject"], marker: "next")],
                ["body": Fixtures.simulatePage(["s3:DeleteObject"])],
            ])
        let results = try setup.iam(endpoint).simulatePrincipalPolicy(Self.simulateRequest)
        #expect(results.map(\.action) == ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"])
        #expect(try setup.server.served("pages", using: setup.transport) == 2)
        #expect(setup.sleeper.sleeps.isEmpty)
    }

    @Test func throttlingThenSuccess() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let endpoint = try setup.script(
            "throttle",
            [
                ["status": 400, "body": Fixtures.errorBody("Throttling", "Rate exceeded")],
                ["body": Fixtures.simulatePage(["s3:GetObject"])],
            ])
        let results = try setup.iam(endpoint).simulatePrincipalPolicy(Self.simulateRequest)
        #expect(results.map(\.decision) == ["allowed"])
        #expect(try setup.server.served("throttle", using: setup.transport) == 2)
        #expect(setup.sleeper.sleeps == [RetryPolicy.standard.delay(afterAttempt: 1, random: 0.5)])
    }

    @Test func threeServerErrorsGiveOneSentence() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let endpoint = try setup.script("fail", [["status": 500, "body": ""]])
        #expect {
            try setup.iam(endpoint).simulatePrincipalPolicy(Self.simulateRequest)
        } throws: { error in
            "\(error)" == "http 500 Internal Server Error (after 3 attempts)"
        }
        #expect(try setup.server.served("fail", using: setup.transport) == 3)
        #expect(setup.sleeper.sleeps.count == 2)
    }

    @Test func malformedXMLIsOneSentence() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let host = setup.host
        #expect {
            try setup.iam(setup.url("/malformed-xml")).getAccountAuthorizationDetails()
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("the GetAccountAuthorizationDetails response from \(host) could not be read: ")
                && !text.contains("\n")
        }
    }

    @Test func aResetConnectionNamesTheHost() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let host = setup.host
        #expect {
            try setup.iam(setup.url("/reset")).simulatePrincipalPolicy(Self.simulateRequest)
        } throws: { error in
            guard let error = error as? AWSServiceError, case .transport(let failure, let attempts, _) = error else {
                return false
            }
            let text = "\(error)"
            return failure.isConnectionError && attempts == 3 && text.contains(host)
                && text.hasSuffix("(after 3 attempts)") && !text.contains("\n")
        }
        #expect(setup.sleeper.sleeps.count == 2)
    }

    @Test func aSlowResponseTimesOut() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let host = setup.host
        let client = setup.iam(
            try setup.url("/slow?seconds=3"), retry: RetryPolicy(maxAttempts: 1),
            timeouts: HTTPTimeouts(connect: .seconds(2), total: .milliseconds(300)))
        let start = ContinuousClock.now
        #expect {
            try client.simulatePrincipalPolicy(Self.simulateRequest)
        } throws: { error in
            "\(error)" == "no response from \(host) within 0.3 s"
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func accessDeniedCarriesCodeAndRequestId() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let message =
            "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:SimulatePrincipalPolicy"
        let endpoint = try setup.script(
            "denied",
            [["status": 403, "body": Fixtures.errorBody("AccessDenied", message, requestId: "4f2d1c8e-9b3a")]])
        #expect {
            try setup.iam(endpoint).simulatePrincipalPolicy(Self.simulateRequest)
        } throws: { error in
            (error as? AWSServiceError)?.code == "AccessDenied"
                && "\(error)" == "AccessDenied: \(message) (request 4f2d1c8e-9b3a)"
        }
        #expect(try setup.server.served("denied", using: setup.transport) == 1)
    }

    @Test func accountAuthorizationDetailsOverTwoPages() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let second = """
            <GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\
            <GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><Policies><member>\
            <PolicyName>Second</PolicyName><DefaultVersionId>v1</DefaultVersionId><PolicyVersionList><member>\
            <Document>%7B%22Statement%22%3A%5B%5D%7D</Document><VersionId>v1</VersionId>\
            <IsDefaultVersion>true</IsDefaultVersion></member></PolicyVersionList></member></Policies>\
            <UserDetailList><member><UserName>second-user</UserName></member></UserDetailList>\
            </GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>
            """
        let endpoint = try setup.script(
            "details", [["body": AWSSamples.getAccountAuthorizationDetailsResponse], ["body": second]])
        let details = try setup.iam(endpoint).getAccountAuthorizationDetails(filter: [])
        #expect(details.userDetailList.map(\.userName) == ["builder", "second-user"])
        #expect(details.policies.map(\.policyName) == ["ImageBuilderPipelineAccess", "Second"])
        #expect(details.policies.last?.policyVersionList.first?.document == "%7B%22Statement%22%3A%5B%5D%7D")
        #expect(details.policies.last?.defaultVersion?.decodedDocument == #"{"Statement":[]}"#)
        #expect(details.groupDetailList.count == 1)
        #expect(details.roleDetailList.count == 1)
        #expect(try setup.server.served("details", using: setup.transport) == 2)
    }

    @Test func getCallerIdentity() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let body = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
            <Arn>arn:aws:sts::123456789012:assumed-role/Builder/cli</Arn><UserId>AROAEXAMPLE:cli</UserId>\
            <Account>123456789012</Account></GetCallerIdentityResult>\
            <ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata></GetCallerIdentityResponse>
            """
        let endpoint = try setup.script("identity", [["body": body]])
        let identity = try Fixtures.sts(setup.transport, endpoint: endpoint).getCallerIdentity()
        #expect(
            identity
                == CallerIdentity(
                    account: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/Builder/cli",
                    userId: "AROAEXAMPLE:cli"))
        #expect(STSClient.roleARN(forAssumedRoleSession: identity.arn) == "arn:aws:iam::123456789012:role/Builder")
    }
}

import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

/// The IAM and STS clients over a real `CurlTransport` against `scripts/fake-aws-server.py`, which recomputes every
/// request's SigV4 signature with botocore and answers as AWS does: each test below would fail on a signing bug as it
/// would against AWS. The suite shares one server, each test with scenarios of its own names; the server is stopped
/// after the last test (and exits by itself when the test process ends). Requests are signed with the real clock, as the server rejects signatures older than 15 minutes;
/// waits between retries go to a recording sleeper, so no test waits except the one about a slow response.
@Suite("IAM and STS clients against the fake AWS server", .sharedFakeAWSServer)
struct FakeAWSServerTests {
    static let simulateRequest = SimulatePrincipalPolicyRequest(
        policySourceArn: "arn:aws:iam::123456789012:role/R",
        options: SimulationOptions(actionNames: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]))
    static let credentials = Fixtures.credentials
    static let allowReadsAndWrites = FakeAWSScenario.Simulation(rules: [
        .init(action: "s3:Get*", decision: .allowed), .init(action: "S3:PUTOBJECT", decision: .allowed),
    ])

    struct Setup {
        let server: FakeAWSServer
        let transport: CurlTransport
        let sleeper = RecordingSleeper()

        init() throws {
            guard let server = FakeAWSServer.shared else {
                throw TestServerFailure(description: "the suite has no shared fake AWS server")
            }
            self.server = server
            transport = try CurlTransport()
        }

        var host: String { "127.0.0.1:\(server.port)" }

        /// Configures `name` to accept ``FakeAWSServerTests/credentials``, with `faults` first.
        func scenario(
            _ name: String, simulate: FakeAWSScenario.Simulation? = allowReadsAndWrites,
            authorizationDetails: [String]? = nil, identity: FakeAWSScenario.Identity? = nil,
            faults: [FakeAWSScenario.Fault] = []
        ) throws {
            try server.configure(
                scenario: name,
                FakeAWSScenario(
                    accepting: FakeAWSServerTests.credentials, identity: identity, simulate: simulate,
                    authorizationDetails: authorizationDetails, faults: faults))
        }

        func iam(
            _ scenario: String, credentials: AWSCredentials = FakeAWSServerTests.credentials,
            clock: SigningClock = SigningClock(), retry: RetryPolicy = .standard, timeouts: HTTPTimeouts = .default
        ) -> IAMClient {
            IAMClient(
                endpoint: server.endpoint(for: scenario), region: "us-east-1", credentials: credentials,
                transport: transport, clock: clock, retry: retry, sleeper: sleeper, random: FixedRandomSource(0.5),
                timeouts: timeouts)
        }

        func sts(_ scenario: String, credentials: AWSCredentials = FakeAWSServerTests.credentials) -> STSClient {
            STSClient(
                endpoint: server.endpoint(for: scenario), region: "us-east-1", credentials: credentials,
                transport: transport, clock: SigningClock(), sleeper: sleeper, random: FixedRandomSource(0.5))
        }

        /// The requests of `scenario`, after checking that every one was correctly signed.
        func signedRequests(_ scenario: String) throws -> [FakeAWSRequest] {
            let log = try server.requests(scenario)
            #expect(log.rejected == 0)
            #expect(log.requests.map(\.signatureValid) == Array(repeating: true, count: log.requests.count))
            return log.requests
        }
    }

    /// Paging: the call is repeated with the `Marker` of a truncated page and the results are concatenated; the
    /// server refuses a marker it did not issue for the same parameters, so the second page proves it was echoed.
    @Test func twoPageSimulatePrincipalPolicy() throws {
        let setup = try Setup()
        var simulation = Self.allowReadsAndWrites
        simulation.pageSize = 2
        try setup.scenario("pages", simulate: simulation)
        let results = try setup.iam("pages").simulatePrincipalPolicy(Self.simulateRequest)
        #expect(results.map(\.action) == ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"])
        #expect(results.map(\.decision) == ["allowed", "allowed", "implicitDeny"])
        let requests = try setup.signedRequests("pages")
        #expect(requests.count == 2)
        #expect(
            requests.map { $0.members("ActionNames") }.allSatisfy { $0 == Self.simulateRequest.options.actionNames })
        #expect(requests.first?.params["Marker"] == nil)
        #expect(requests.last?.params["Marker"]?.isEmpty == false)
        #expect(setup.sleeper.sleeps.isEmpty)
    }

    /// Retries: `Throttling` is retried after a full-jitter wait (0.5 × 1 s for the first retry), then succeeds.
    @Test func throttlingThenSuccess() throws {
        let setup = try Setup()
        try setup.scenario("throttle", faults: [.error(400, "Throttling", "Rate exceeded")])
        let results = try setup.iam("throttle").simulatePrincipalPolicy(Self.simulateRequest)
        #expect(results.map(\.decision) == ["allowed", "allowed", "implicitDeny"])
        let requests = try setup.signedRequests("throttle")
        #expect(requests.map(\.error) == ["Throttling", nil])
        #expect(setup.sleeper.sleeps == [RetryPolicy.standard.delay(afterAttempt: 1, random: 0.5)])
    }

    /// Retries: HTTP 500 is transient and retried until the 3 attempts of standard mode are spent; the final error is
    /// one sentence with AWS's code, message, the last request id and the attempt count.
    @Test func threeServerErrorsGiveOneSentence() throws {
        let setup = try Setup()
        try setup.scenario("fail", faults: Array(repeating: .internalFailure, count: 3))
        let error = #expect(throws: AWSServiceError.self) {
            try setup.iam("fail").simulatePrincipalPolicy(Self.simulateRequest)
        }
        let requests = try setup.signedRequests("fail")
        #expect(requests.count == 3)
        let requestId = try #require(requests.last?.requestId)
        #expect(
            error?.description
                == "InternalFailure: The request processing has failed because of an unknown error, exception or "
                + "failure. (request \(requestId); after 3 attempts)")
        #expect(setup.sleeper.sleeps.count == 2)
    }

    /// A 200 answer that is not XML is reported in one sentence naming the operation and the host, not retried.
    @Test func malformedXMLIsOneSentence() throws {
        let setup = try Setup()
        try setup.scenario("malformed", faults: [.malformedXML])
        let host = setup.host
        #expect {
            try setup.iam("malformed").getAccountAuthorizationDetails()
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("the GetAccountAuthorizationDetails response from \(host) could not be read: ")
                && !text.contains("\n")
        }
        #expect(try setup.signedRequests("malformed").count == 1)
    }

    /// Retries: a reset connection is a transient transport failure, retried up to 3 attempts; the error names the
    /// host and the attempt count in one sentence.
    @Test func aResetConnectionNamesTheHost() throws {
        let setup = try Setup()
        try setup.scenario("reset", faults: Array(repeating: .reset, count: 3))
        let host = setup.host
        #expect {
            try setup.iam("reset").simulatePrincipalPolicy(Self.simulateRequest)
        } throws: { error in
            guard let error = error as? AWSServiceError, case .transport(let failure, let attempts, _) = error else {
                return false
            }
            let text = "\(error)"
            return failure.isConnectionError && attempts == 3 && text.contains(host)
                && text.hasSuffix("(after 3 attempts)") && !text.contains("\n")
        }
        #expect(try setup.signedRequests("reset").map(\.error) == ["reset", "reset", "reset"])
        #expect(setup.sleeper.sleeps.count == 2)
    }

    /// Timeouts: an answer slower than the total timeout fails with one sentence naming the host and the limit, as
    /// soon as the limit passes.
    @Test func aSlowResponseTimesOut() throws {
        let setup = try Setup()
        try setup.scenario("slow", faults: [.sleep(3)])
        let host = setup.host
        let client = setup.iam(
            "slow", retry: RetryPolicy(maxAttempts: 1),
            timeouts: HTTPTimeouts(connect: .seconds(2), total: .milliseconds(300)))
        let start = ContinuousClock.now
        #expect {
            try client.simulatePrincipalPolicy(Self.simulateRequest)
        } throws: { error in
            "\(error)" == "no response from \(host) within 0.3 s"
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    /// Errors: `AccessDenied` is not retried and keeps AWS's code, message and request id.
    @Test func accessDeniedCarriesCodeAndRequestId() throws {
        let setup = try Setup()
        let message =
            "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:SimulatePrincipalPolicy"
        try setup.scenario("denied", faults: [.error(403, "AccessDenied", message)])
        let error = #expect(throws: AWSServiceError.self) {
            try setup.iam("denied").simulatePrincipalPolicy(Self.simulateRequest)
        }
        let requests = try setup.signedRequests("denied")
        let requestId = try #require(requests.first?.requestId)
        #expect(requests.count == 1)
        #expect(error?.code == "AccessDenied")
        #expect(error?.requestId == requestId)
        #expect(error?.description == "AccessDenied: \(message) (request \(requestId))")
    }

    /// Authorization details: every page may add to any of the four lists; documents stay URL-encoded until decoded.
    @Test func accountAuthorizationDetailsOverTwoPages() throws {
        let setup = try Setup()
        let second = """
            <Policies><member>\
            <PolicyName>Second</PolicyName><DefaultVersionId>v1</DefaultVersionId><PolicyVersionList><member>\
            <Document>%7B%22Statement%22%3A%5B%5D%7D</Document><VersionId>v1</VersionId>\
            <IsDefaultVersion>true</IsDefaultVersion></member></PolicyVersionList></member></Policies>\
            <UserDetailList><member><UserName>second-user</UserName></member></UserDetailList>
            """
        try setup.scenario(
            "details", authorizationDetails: [AWSSamples.getAccountAuthorizationDetailsResponse, second])
        let details = try setup.iam("details").getAccountAuthorizationDetails(filter: [])
        #expect(details.userDetailList.map(\.userName) == ["builder", "second-user"])
        #expect(details.policies.map(\.policyName) == ["ImageBuilderPipelineAccess", "Second"])
        #expect(details.policies.last?.policyVersionList.first?.document == "%7B%22Statement%22%3A%5B%5D%7D")
        #expect(details.policies.last?.defaultVersion?.decodedDocument == #"{"Statement":[]}"#)
        #expect(details.groupDetailList.count == 1)
        #expect(details.roleDetailList.count == 1)
        #expect(try setup.signedRequests("details").count == 2)
    }

    /// STS: `GetCallerIdentity` is signed for service `sts` (the server refuses an `iam` scope) and decodes; the role
    /// behind an assumed-role session follows from its ARN.
    @Test func getCallerIdentity() throws {
        let setup = try Setup()
        let identity = FakeAWSScenario.Identity(
            account: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/Builder/cli",
            userId: "AROAEXAMPLE:cli")
        try setup.scenario("identity", identity: identity)
        let answer = try setup.sts("identity").getCallerIdentity()
        #expect(
            answer
                == CallerIdentity(
                    account: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/Builder/cli",
                    userId: "AROAEXAMPLE:cli"))
        #expect(STSClient.roleARN(forAssumedRoleSession: answer.arn) == "arn:aws:iam::123456789012:role/Builder")
        #expect(try setup.signedRequests("identity").map(\.action) == ["GetCallerIdentity"])
    }

    /// Signing: a wrong secret gives AWS's `SignatureDoesNotMatch` with its request id, not retried (the server's
    /// `Date` agrees with the local clock, so it is no clock skew).
    @Test func aWrongSecretIsSignatureDoesNotMatch() throws {
        let setup = try Setup()
        try setup.scenario("wrong-secret")
        let wrong = AWSCredentials(accessKeyId: Self.credentials.accessKeyId, secretAccessKey: "not-the-secret")
        let error = #expect(throws: AWSServiceError.self) {
            try setup.iam("wrong-secret", credentials: wrong).simulatePrincipalPolicy(Self.simulateRequest)
        }
        let log = try setup.server.requests("wrong-secret")
        let requestId = try #require(log.requests.first?.requestId)
        #expect(log.requests.count == 1 && log.rejected == 1)
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(
            error?.description
                == "SignatureDoesNotMatch: The request signature we calculated does not match the signature you "
                + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
                + "for details. (request \(requestId))")
        #expect(setup.sleeper.sleeps.isEmpty)
    }

    /// Signing: an access key id AWS does not know is `InvalidClientTokenId`, not retried.
    @Test func anUnknownKeyIsInvalidClientTokenId() throws {
        let setup = try Setup()
        try setup.scenario("unknown-key")
        let unknown = AWSCredentials(accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever")
        let error = #expect(throws: AWSServiceError.self) {
            try setup.sts("unknown-key", credentials: unknown).getCallerIdentity()
        }
        #expect(error?.code == "InvalidClientTokenId")
        #expect(
            error?.description.hasPrefix("InvalidClientTokenId: The security token included in the request is invalid.")
                == true)
        #expect(try setup.server.requests("unknown-key").rejected == 1)
    }

    /// A session token presented with temporary credentials, and the error AWS answers.
    struct TokenCase: Sendable, CustomTestStringConvertible {
        let presented: String?
        let expectedError: String?
        var testDescription: String { "token \(presented ?? "none") → \(expectedError ?? "accepted")" }
    }

    /// Temporary credentials: the session token goes in `X-Amz-Security-Token`; a wrong or missing one is
    /// `InvalidClientTokenId`.
    @Test(arguments: [
        TokenCase(presented: "the-session-token", expectedError: nil),
        TokenCase(presented: "another-token", expectedError: "InvalidClientTokenId"),
        TokenCase(presented: nil, expectedError: "InvalidClientTokenId"),
    ])
    func temporaryCredentials(_ tokenCase: TokenCase) throws {
        let (sessionToken, expectedError) = (tokenCase.presented, tokenCase.expectedError)
        let setup = try Setup()
        let issued = AWSCredentials(
            accessKeyId: "ASIATEMPORARYKEY0000", secretAccessKey: "temporary-secret", sessionToken: "the-session-token")
        let scenario = "temporary-\(sessionToken ?? "none")"
        try setup.server.configure(scenario: scenario, FakeAWSScenario(accepting: issued))
        let presented = AWSCredentials(
            accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: sessionToken)
        do {
            _ = try setup.sts(scenario, credentials: presented).getCallerIdentity()
            #expect(expectedError == nil)
        } catch {
            #expect(error.code == expectedError)
        }
        let log = try setup.server.requests(scenario)
        #expect(log.requests.count == 1)
        #expect(log.rejected == (expectedError == nil ? 0 : 1))
    }

    /// Clock skew: a signature from a clock an hour behind is refused as expired; the client takes the time from the
    /// answer's `Date`, re-signs and succeeds on the second attempt without waiting.
    @Test func aSkewedClockIsCorrectedOnce() throws {
        let setup = try Setup()
        try setup.scenario("skew")
        let clock = SigningClock(source: { Date().addingTimeInterval(-3600) })
        let results = try setup.iam("skew", clock: clock).simulatePrincipalPolicy(Self.simulateRequest)
        #expect(results.count == 3)
        let log = try setup.server.requests("skew")
        #expect(log.requests.map(\.error) == ["SignatureDoesNotMatch", nil])
        #expect(log.requests.map(\.signatureValid) == [false, true])
        #expect(abs(clock.offset - 3600) < 60)
        #expect(setup.sleeper.sleeps.isEmpty)
    }

    /// Form encoding: every SimulatePrincipalPolicy parameter (JSON policies, `+`, `=`, spaces, non-ASCII text,
    /// nested context entries) arrives decoded exactly as given, under a valid signature.
    @Test func everyParameterArrivesAsSent() throws {
        let setup = try Setup()
        try setup.scenario("parameters")
        _ = try setup.iam("parameters").simulatePrincipalPolicy(QueryProtocolTests.fullRequest)
        let received = try #require(try setup.signedRequests("parameters").first)
        let sent = QueryProtocolTests.fullRequest.parameters().pairs
        #expect(received.params == Dictionary(uniqueKeysWithValues: sent.map { ($0.name, $0.value) }))
    }

    /// Simulation results: a named resource gets `ResourceSpecificResults`, and the missing context values sit there;
    /// for `*` they sit on the result itself. Matched statements keep their positions.
    @Test func resourceSpecificResultsDecode() throws {
        let setup = try Setup()
        let statement = FakeAWSScenario.Statement(
            sourcePolicyId: "BuilderAccess", sourcePolicyType: "user-managed", start: [3, 17], end: [12, 6])
        let simulation = FakeAWSScenario.Simulation(rules: [
            .init(
                action: "iam:PassRole", resource: "arn:aws:iam::123456789012:role/*", decision: .explicitDeny,
                matchedStatements: [statement], missingContextValues: ["iam:PassedToService"],
                allowedByPermissionsBoundary: true),
            .init(action: "iam:PassRole", decision: .allowed, missingContextValues: ["aws:RequestedRegion"]),
        ])
        try setup.scenario("resources", simulate: simulation)
        let role = "arn:aws:iam::123456789012:role/Builder"
        let request = SimulatePrincipalPolicyRequest(
            policySourceArn: "arn:aws:iam::123456789012:user/ci",
            options: SimulationOptions(actionNames: ["iam:PassRole"], resourceArns: [role, "*"]))
        let results = try setup.iam("resources").simulatePrincipalPolicy(request)
        try #require(results.count == 2)
        let named = results[0]
        #expect(named.resource == role && named.decision == "explicitDeny")
        #expect(named.missingContextValues.isEmpty)
        #expect(named.allowedByPermissionsBoundary == true)
        #expect(
            named.matchedStatements == [
                MatchedStatement(
                    sourcePolicyId: "BuilderAccess", sourcePolicyType: "user-managed",
                    startPosition: PolicyPosition(line: 3, column: 17), endPosition: PolicyPosition(line: 12, column: 6)
                )
            ])
        let specific = try #require(named.resourceSpecificResults.first)
        #expect(named.resourceSpecificResults.count == 1)
        #expect(specific.resource == role && specific.decision == "explicitDeny")
        #expect(specific.missingContextValues == ["iam:PassedToService"])
        let star = results[1]
        #expect(star.resource == "*" && star.decision == "allowed")
        #expect(star.missingContextValues == ["aws:RequestedRegion"])
        #expect(star.resourceSpecificResults.isEmpty)
    }

    /// Custom policies: SimulateCustomPolicy sends the policies in `PolicyInputList` and decodes like
    /// SimulatePrincipalPolicy.
    @Test func simulateCustomPolicy() throws {
        let setup = try Setup()
        try setup.scenario("custom")
        let policy =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
        let request = SimulateCustomPolicyRequest(
            options: SimulationOptions(policyInputList: [policy], actionNames: ["s3:GetObject"]))
        let results = try setup.iam("custom").simulateCustomPolicy(request)
        #expect(results.map(\.decision) == ["allowed"])
        let received = try setup.signedRequests("custom")
        #expect(received.map(\.action) == ["SimulateCustomPolicy"])
        #expect(received.first?.members("PolicyInputList") == [policy])
    }

    /// Parameters: IAM answers an empty action list with `InvalidInput` (HTTP 400), which is not retried.
    @Test func anEmptyActionListIsInvalidInput() throws {
        let setup = try Setup()
        try setup.scenario("no-actions")
        let request = SimulatePrincipalPolicyRequest(
            policySourceArn: "arn:aws:iam::123456789012:role/R", options: SimulationOptions(actionNames: []))
        let error = #expect(throws: AWSServiceError.self) {
            try setup.iam("no-actions").simulatePrincipalPolicy(request)
        }
        #expect(error?.code == "InvalidInput")
        #expect(try setup.signedRequests("no-actions").count == 1)
    }

    /// The server itself: a request without `Authorization` is AWS's `MissingAuthenticationToken` (HTTP 403) with a
    /// request id, so a client that forgot to sign cannot pass.
    @Test func anUnsignedRequestIsMissingAuthenticationToken() throws {
        let setup = try Setup()
        try setup.scenario("unsigned")
        let request = HTTPRequest(
            method: "POST", url: setup.server.endpoint(for: "unsigned"),
            headers: [HTTPHeader("Content-Type", QueryProtocolClient.contentType)],
            body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8))
        let response = try setup.transport.send(request, timeout: .default)
        let error = AWSErrorResponse.query(response)
        #expect(response.status == 403)
        #expect(error.code == "MissingAuthenticationToken")
        #expect(error.requestId?.isEmpty == false)
        #expect(try setup.server.requests("unsigned").rejected == 1)
    }

    /// The server itself: a scenario with a misspelt key is refused with a message naming it, so a typo cannot
    /// silently configure nothing.
    @Test func aMisspeltScenarioKeyIsRefused() throws {
        struct Misspelt: Encodable { let fault = [["status": 500]] }
        let setup = try Setup()
        #expect {
            try setup.server.configure(scenario: "misspelt", Misspelt())
        } throws: { error in
            "\(error)".contains("unknown scenario keys ['fault']")
        }
    }
}

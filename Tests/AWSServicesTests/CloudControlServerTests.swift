import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

/// The Cloud Control client and waiter over a real `CurlTransport` against the Cloud Control stand-in of
/// `scripts/fake-aws-server.py` (`scripts/fake-cloudcontrol.py`), which recomputes every request's SigV4 signature
/// with botocore (signing name `cloudcontrolapi`), stores resources per TypeName and moves each request PENDING →
/// IN_PROGRESS → final as it is polled. Requests are signed on the real clock; the client's retry waits go to a
/// recording sleeper and the waiter's waits to a simulated clock (or a recording sleeper where RetryAfter, a real
/// instant, is checked), so no test waits. The suite shares one server; each test has scenarios of its own.
@Suite("Cloud Control client against the fake AWS server", .sharedFakeAWSServer)
struct CloudControlServerTests {
    static let credentials = Fixtures.credentials
    static let image = "AWS::ImageBuilder::Image"
    static let recipe = "arn:aws:imagebuilder:us-west-2:123456789012:image-recipe/web-recipe/1.0.0"
    static let infrastructure = "arn:aws:imagebuilder:us-west-2:123456789012:infrastructure-configuration/web"
    static let desiredState =
        #"{"ImageRecipeArn":"\#(recipe)","InfrastructureConfigurationArn":"\#(infrastructure)","#
        + #""Tags":{"env":"dev"}}"#

    struct Setup {
        let server: FakeAWSServer
        let transport: CurlTransport
        let sleeper = RecordingSleeper()
        let name: String

        init(_ name: String, _ cloudControl: FakeCloudControlScenario = FakeCloudControlScenario()) throws {
            guard let server = FakeAWSServer.shared else {
                throw TestServerFailure(description: "the suite has no shared fake AWS server")
            }
            self.server = server
            self.name = name
            transport = try CurlTransport()
            try server.configure(
                scenario: name,
                FakeAWSScenario(accepting: CloudControlServerTests.credentials, cloudControl: cloudControl))
        }

        var host: String { "127.0.0.1:\(server.port)" }

        func client(
            credentials: AWSCredentials = CloudControlServerTests.credentials, region: String = "us-west-2",
            retry: RetryPolicy = .standard
        ) -> CloudControlClient {
            CloudControlClient(
                endpoint: server.endpoint(for: name), region: region, credentials: credentials, transport: transport,
                clock: SigningClock(), retry: retry, sleeper: sleeper, random: FixedRandomSource(0.5))
        }

        /// A waiter on a simulated clock (waits of any length take no time).
        func waiter(_ client: CloudControlClient, timeout: Double = 3600) -> (ResourceRequestWaiter, SimulatedTime) {
            let time = SimulatedTime()
            return (ResourceRequestWaiter(client: client, timeout: timeout, sleeper: time, now: { time.now() }), time)
        }

        func log() throws -> FakeAWSRequestLog {
            try server.requests(name)
        }

        /// The requests of the scenario, after checking that every one was correctly signed.
        func signedRequests() throws -> [FakeAWSRequest] {
            let log = try server.requests(name)
            #expect(log.rejected == 0)
            #expect(log.requests.allSatisfy { $0.signatureValid })
            return log.requests
        }

        /// Creates the image of ``CloudControlServerTests/desiredState`` and follows it to success; its identifier.
        func createImage(_ client: CloudControlClient, token: String = CloudControlRequest.newClientToken()) throws
            -> String
        {
            let event = try client.createResource(
                typeName: CloudControlServerTests.image, desiredState: CloudControlServerTests.desiredState,
                clientToken: token)
            let outcome = waiter(client).0.wait(for: event)
            #expect(outcome.isSuccess, "\(outcome)")
            return try #require(outcome.event.identifier)
        }
    }

    // MARK: - Every operation

    /// Every operation end to end with real signing (Cloud Control API Reference): CreateResource answers PENDING with
    /// the image's primary identifier (its ARN, in the signing region); the request goes IN_PROGRESS then SUCCESS as
    /// it is polled; GetResource and ListResources then find the image; UpdateResource applies the RFC 6902 patch;
    /// ListResourceRequests lists the requests; DeleteResource removes the image, after which GetResource is
    /// ResourceNotFoundException. Each request's body is exactly the dry-run body.
    @Test func everyOperationEndToEnd() throws {
        let setup = try Setup("every-operation")
        let client = setup.client()
        let createToken = CloudControlRequest.newClientToken()
        let created = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: createToken)
        #expect(created.operationStatus == .pending)
        #expect(created.operation == .create)
        let arn = "arn:aws:imagebuilder:us-west-2:123456789012:image/web-recipe/1.0.0/1"
        #expect(created.identifier == arn)
        let (waiter, time) = setup.waiter(client)
        let events = EventLog()
        var following = waiter
        following.onEvent = { events.append($0) }
        let outcome = following.wait(for: created)
        #expect(outcome.isSuccess)
        #expect(events.statuses == ["PENDING", "IN_PROGRESS", "SUCCESS"])
        #expect(time.sleeps == [1, 2])

        let resource = try client.getResource(typeName: Self.image, identifier: arn)
        #expect(resource.identifier == arn)
        #expect(resource.properties?.contains(#""Tags":{"env":"dev"}"#) == true)
        #expect(resource.properties?.contains(#""Arn":"\#(arn)""#) == true)
        #expect(try client.listResources(typeName: Self.image).map(\.identifier) == [arn])

        let patch =
            #"[{"op":"replace","path":"/Tags/env","value":"prod"},{"op":"add","path":"/Tags/team","value":"ci"}]"#
        let updateToken = CloudControlRequest.newClientToken()
        let updated = try client.updateResource(
            typeName: Self.image, identifier: arn, patchDocument: patch, clientToken: updateToken)
        #expect(setup.waiter(client).0.wait(for: updated).isSuccess)
        let patched = try client.getResource(typeName: Self.image, identifier: arn)
        #expect(patched.properties?.contains(#""Tags":{"env":"prod","team":"ci"}"#) == true)

        let requests = try client.listResourceRequests(filter: ResourceRequestStatusFilter(operations: [.create]))
        #expect(requests.map(\.requestToken) == [created.requestToken])
        #expect(requests.map(\.operationStatus) == [.success])

        let deleteToken = CloudControlRequest.newClientToken()
        let deleted = try client.deleteResource(typeName: Self.image, identifier: arn, clientToken: deleteToken)
        #expect(setup.waiter(client).0.wait(for: deleted).isSuccess)
        let error = #expect(throws: AWSServiceError.self) {
            try client.getResource(typeName: Self.image, identifier: arn)
        }
        #expect(error?.code == "ResourceNotFoundException")

        let log = try setup.log()
        #expect(log.rejected == 0 && log.requests.allSatisfy { $0.signatureValid })
        #expect(log.resources[Self.image] == [])
        let writes = log.requests.filter { $0.clientToken != nil }
        #expect(writes.map(\.action) == ["CreateResource", "UpdateResource", "DeleteResource"])
        #expect(writes.map(\.clientToken) == [createToken, updateToken, deleteToken])
        #expect(writes.allSatisfy { $0.typeName == Self.image && $0.identifier == arn })
        #expect(writes.map(\.requestToken) == [created.requestToken, updated.requestToken, deleted.requestToken])
        #expect(log.requests.allSatisfy { $0.target == "CloudApiService.\($0.action ?? "")" })
        let expectedCreate = client.request(
            for: .createResource(typeName: Self.image, desiredState: Self.desiredState, clientToken: createToken))
        #expect(writes.first?.body == String(decoding: expectedCreate.body, as: UTF8.self))
        #expect(
            log.requests.map(\.action).filter { $0 != "GetResourceRequestStatus" } == [
                "CreateResource", "GetResource", "ListResources", "UpdateResource", "GetResource",
                "ListResourceRequests", "DeleteResource", "GetResource",
            ])
        #expect(log.requests.last?.error == "ResourceNotFoundException")
        #expect(error?.requestId == log.requests.last?.requestId)
        #expect(setup.sleeper.sleeps.isEmpty)
    }

    /// CancelResourceRequest: a request that would never end is cancelled; it answers CANCEL_IN_PROGRESS, then
    /// CANCEL_COMPLETE, which the waiter reports as cancelled, never success; nothing is stored.
    @Test func cancelResourceRequest() throws {
        let setup = try Setup("cancel", FakeCloudControlScenario(faults: [.neverFinishes]))
        let client = setup.client()
        let created = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "cancel-1")
        let cancelling = try client.cancelResourceRequest(requestToken: created.requestToken)
        #expect(cancelling.operationStatus == .cancelInProgress)
        #expect(cancelling.requestToken == created.requestToken)
        let outcome = setup.waiter(client).0.wait(for: cancelling)
        #expect(outcome == .cancelled(outcome.event))
        #expect(!outcome.isSuccess)
        let again = #expect(throws: AWSServiceError.self) {
            try client.cancelResourceRequest(requestToken: created.requestToken)
        }
        #expect(again?.code == "ConcurrentModificationException")
        let log = try setup.signedRequests()
        #expect(
            log.map(\.action) == [
                "CreateResource", "CancelResourceRequest", "GetResourceRequestStatus", "CancelResourceRequest",
            ])
        #expect(log.dropFirst().allSatisfy { $0.requestToken == created.requestToken })
        #expect(try setup.log().resources[Self.image] == [])
    }

    /// ListResources pages through the stored resources with NextToken (the stand-in refuses a token it did not issue
    /// for the same call, so the later pages prove each token was echoed); ResourceModel selects by property.
    @Test func listResourcesOverPages() throws {
        let stored = (1...5).map { index in
            FakeCloudControlScenario.Resource(
                identifier: "arn:aws:imagebuilder:us-west-2:123456789012:image/r/1.0.0/\(index)",
                properties: #"{"Name":"r","Tags":{"n":"\#(index % 2)"}}"#)
        }
        let setup = try Setup("list-pages", FakeCloudControlScenario(resources: [Self.image: stored], pageSize: 2))
        let client = setup.client()
        #expect(try client.listResources(typeName: Self.image).map(\.identifier) == stored.map(\.identifier))
        let odd = try client.listResources(typeName: Self.image, resourceModel: #"{"Tags":{"n":"1"}}"#)
        #expect(odd.map(\.identifier) == [1, 3, 5].map { stored[$0 - 1].identifier })
        let requests = try setup.signedRequests()
        #expect(requests.count == 5)
        #expect(requests.map { $0.body?.contains("NextToken") == true } == [false, true, true, false, true])
        #expect(requests.allSatisfy { $0.error == nil })
    }

    /// RetryAfter (the model: "when to next request the status"): the stand-in puts now + 1.5 s in every event that
    /// is not final, and the waiter waits until then rather than its 1 s, 2 s backoff.
    @Test func retryAfterFromTheServerIsHonoured() throws {
        let setup = try Setup("retry-after", FakeCloudControlScenario(pollsToFinish: 2, retryAfter: 1.5))
        let client = setup.client()
        let created = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "retry-after-1")
        let retryAfter = try #require(created.retryAfter)
        #expect(abs(retryAfter.timeIntervalSinceNow - 1.5) < 1)
        let recorder = RecordingSleeper()
        let outcome = ResourceRequestWaiter(client: client, timeout: 60, sleeper: recorder).wait(for: created)
        #expect(outcome.isSuccess)
        #expect(recorder.sleeps.count == 2)
        // Between the 1 s floor and 1.5 s (plus the millisecond AWS's timestamps are rounded to).
        #expect(recorder.sleeps.allSatisfy { $0 > 1.0 && $0 <= 1.501 }, "\(recorder.sleeps)")
        #expect(outcome.event.retryAfter == nil)
    }

    // MARK: - ClientToken

    /// ClientToken (Cloud Control user guide, "Ensuring resource operation requests are unique"): the same token
    /// with the same request answers with the same request (same RequestToken, nothing new started); the same token
    /// with a different request is ClientTokenConflictException.
    @Test func clientTokenIdempotency() throws {
        let setup = try Setup("client-token")
        let client = setup.client()
        let first = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "same-token")
        let replay = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "same-token")
        #expect(replay.requestToken == first.requestToken)
        #expect(replay.identifier == first.identifier)
        let error = #expect(throws: AWSServiceError.self) {
            try client.createResource(typeName: Self.image, desiredState: "{}", clientToken: "same-token")
        }
        #expect(error?.code == "ClientTokenConflictException")
        let log = try setup.signedRequests()
        #expect(error?.requestId == log.last?.requestId)
        #expect(log.map(\.error) == [nil, nil, "ClientTokenConflictException"])
        #expect(try client.listResourceRequests().map(\.requestToken) == [first.requestToken])
    }

    /// A lost answer (the request processed, then the connection reset) is resent by the client's retry with the
    /// same body and so the same ClientToken; the stand-in answers with the request already started, so exactly one
    /// request runs and one image is made.
    @Test func aLostAnswerIsResentWithTheSameClientToken() throws {
        let setup = try Setup("lost-answer", FakeCloudControlScenario(faults: [.resetAfterProcessing()]))
        let client = setup.client()
        let created = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "lost-1")
        #expect(setup.waiter(client).0.wait(for: created).isSuccess)
        let log = try setup.signedRequests()
        let writes = log.filter { $0.action == "CreateResource" }
        #expect(writes.map(\.error) == ["reset-after", nil])
        #expect(writes.map(\.clientToken) == ["lost-1", "lost-1"])
        #expect(writes[0].body == writes[1].body)
        #expect(writes.map(\.requestToken) == [created.requestToken, created.requestToken])
        #expect(setup.sleeper.sleeps.count == 1)
        #expect(try client.listResourceRequests().count == 1)
        #expect(try setup.log().resources[Self.image]?.map(\.identifier) == [created.identifier ?? ""])
    }

    // MARK: - Faults

    /// execution-and-audit.md §1 ("rate limiting shows up late"): the first two writes are accepted and end FAILED
    /// with ErrorCode Throttling; the waiter returns that failure as it is. Resending with the same ClientToken only
    /// finds the failed request again; a new token starts a new request, and the third one succeeds.
    @Test func throttledSubmissionsEndFailedThenSucceed() throws {
        let setup = try Setup("throttled", FakeCloudControlScenario(faults: .throttledSubmissions(2)))
        let client = setup.client()
        var outcomes: [ResourceRequestOutcome] = []
        for token in ["throttle-1", "throttle-1", "throttle-2", "throttle-3"] {
            let event = try client.createResource(
                typeName: Self.image, desiredState: Self.desiredState, clientToken: token)
            outcomes.append(setup.waiter(client).0.wait(for: event))
        }
        #expect(outcomes.map(\.isSuccess) == [false, false, false, true])
        #expect(outcomes.prefix(3).map(\.event.errorCode) == ["Throttling", "Throttling", "Throttling"])
        #expect(outcomes[0].event.statusMessage == "Rate exceeded")
        #expect(outcomes[1].requestToken == outcomes[0].requestToken)
        #expect(Set(outcomes.map(\.requestToken)).count == 3)
        #expect(outcomes[0].description.contains("failed with Throttling: Rate exceeded"))
        let log = try setup.signedRequests()
        #expect(
            log.filter { $0.action == "CreateResource" }.map(\.clientToken) == [
                "throttle-1", "throttle-1", "throttle-2", "throttle-3",
            ])
        #expect(try setup.log().resources[Self.image]?.count == 1)
    }

    /// A handler failure: the write is accepted, and the request ends FAILED with the handler's ErrorCode and
    /// message; nothing is stored.
    @Test func aHandlerFailureEndsFailed() throws {
        let message = "AWS::ImageBuilder::Image Handler returned status FAILED: internal error"
        let setup = try Setup(
            "handler-failure", FakeCloudControlScenario(faults: [.failed("InternalFailure", message)]))
        let client = setup.client()
        let event = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "handler-1")
        let outcome = setup.waiter(client).0.wait(for: event)
        #expect(outcome == .failed(outcome.event))
        #expect(outcome.event.errorCode == "InternalFailure")
        #expect(outcome.event.statusMessage == message)
        #expect(try setup.log().resources[Self.image] == [])
    }

    /// HTTP-level errors at submission (aws-wire-formats.md §2, §5; execution-and-audit.md §1): AccessDeniedException
    /// (coral's, HTTP 400) and ConcurrentOperationException are not retried, and keep AWS's code and request id;
    /// ThrottlingException is retried with backoff and the same ClientToken, then succeeds; HandlerFailureException
    /// (a server fault, HTTP 500) is retried until the three attempts are spent. A refused write starts nothing.
    @Test(arguments: [
        ("AccessDeniedException", 400, "com.amazon.coral.service", 1, 1),
        ("ConcurrentOperationException", 400, "com.amazon.cloudapiservice", 1, 1),
        ("ThrottlingException", 400, "com.amazon.cloudapiservice", 1, 2),
        ("HandlerFailureException", 500, "com.amazon.cloudapiservice", 3, 3),
    ])
    func httpErrorsAtSubmission(code: String, status: Int, namespace: String, faults: Int, sent: Int) throws {
        let message = "User: arn:aws:iam::123456789012:user/ci is not authorized (\(code))"
        let fault = FakeCloudControlScenario.Fault.error(status, code, message, namespace: namespace)
        let setup = try Setup("http-\(code)", FakeCloudControlScenario(faults: Array(repeating: fault, count: faults)))
        let client = setup.client()
        let result = Result { () throws(AWSServiceError) -> ProgressEvent in
            try client.createResource(typeName: Self.image, desiredState: Self.desiredState, clientToken: "http-1")
        }
        let log = try setup.signedRequests()
        #expect(log.count == sent)
        #expect(log.allSatisfy { $0.clientToken == "http-1" && $0.action == "CreateResource" })
        #expect(Set(log.map(\.body)).count == 1)
        #expect(setup.sleeper.sleeps.count == sent - 1)
        switch result {
        case .success(let event):
            #expect(sent > faults, "the call succeeded although every attempt met a fault")
            #expect(event.operationStatus == .pending)
            #expect(log.map(\.error) == Array(repeating: code, count: faults) + [nil])
        case .failure(let error):
            #expect(sent == faults, "the call failed although an attempt met no fault: \(error)")
            #expect(error.code == code)
            #expect(error.requestId == log.last?.requestId)
            let attempts = sent > 1 ? "; after \(sent) attempts" : ""
            #expect(error.description == "\(code): \(message) (request \(log.last?.requestId ?? "")\(attempts))")
            #expect(try client.listResourceRequests().isEmpty)
        }
    }

    /// Polls have a budget of their own (execution-and-audit.md §1): GetResourceRequestStatus throttled three times
    /// in a row spends the client's three attempts, and the waiter polls again after its next backoff step; the
    /// request is then followed to success.
    @Test func aThrottledPollIsPolledAgain() throws {
        let throttled = FakeCloudControlScenario.Fault.error(
            400, "ThrottlingException", "Rate exceeded", operations: ["GetResourceRequestStatus"])
        let setup = try Setup(
            "throttled-poll", FakeCloudControlScenario(pollsToFinish: 1, faults: Array(repeating: throttled, count: 3)))
        let client = setup.client()
        let event = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "throttled-poll-1")
        let (waiter, time) = setup.waiter(client)
        #expect(waiter.wait(for: event).isSuccess)
        #expect(time.sleeps == [1, 2])
        #expect(setup.sleeper.sleeps.count == 2)
        let polls = try setup.signedRequests().filter { $0.action == "GetResourceRequestStatus" }
        #expect(polls.map(\.error) == ["ThrottlingException", "ThrottlingException", "ThrottlingException", nil])
    }

    /// A 200 answer whose body is not JSON is one sentence naming the operation and the host; it is not retried, so
    /// nothing else is sent.
    @Test func aMalformedAnswerIsOneSentence() throws {
        let setup = try Setup("malformed", FakeCloudControlScenario(faults: [.malformedJSON()]))
        let client = setup.client()
        let host = setup.host
        #expect {
            try client.createResource(typeName: Self.image, desiredState: Self.desiredState, clientToken: "bad-1")
        } throws: { error in
            "\(error)".hasPrefix("the CreateResource response from \(host) could not be read: the body is not JSON: ")
                && !"\(error)".contains("\n")
        }
        #expect(try setup.signedRequests().map(\.error) == ["malformed-json"])
    }

    /// A reset connection is a transient failure (aws-wire-formats.md §5): retried with the same ClientToken, then
    /// answered; three resets in a row give one sentence naming the host and the attempts.
    @Test func aResetConnectionIsRetried() throws {
        let once = try Setup("reset-once", FakeCloudControlScenario(faults: [.reset()]))
        let event = try once.client().createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "reset-1")
        #expect(event.operationStatus == .pending)
        let log = try once.signedRequests()
        #expect(log.map(\.error) == ["reset", nil])
        #expect(log.map(\.clientToken) == ["reset-1", "reset-1"])

        let always = try Setup("reset-always", FakeCloudControlScenario(faults: Array(repeating: .reset(), count: 3)))
        let host = always.host
        #expect {
            try always.client().deleteResource(typeName: Self.image, identifier: "arn:x", clientToken: "reset-2")
        } throws: { error in
            guard let error = error as? AWSServiceError, case .transport(let failure, 3, _) = error else {
                return false
            }
            return failure.isConnectionError && "\(error)".contains(host) && "\(error)".hasSuffix("(after 3 attempts)")
        }
        #expect(try always.signedRequests().map(\.error) == ["reset", "reset", "reset"])
    }

    /// A request that stays IN_PROGRESS forever: the waiter stops at its timeout with `.timedOut`, carrying the
    /// RequestToken the stand-in gave; its polls all named that token.
    @Test func aRequestThatNeverEndsTimesOut() throws {
        let setup = try Setup("forever", FakeCloudControlScenario(faults: [.neverFinishes]))
        let client = setup.client()
        let event = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "forever-1")
        let (waiter, time) = setup.waiter(client, timeout: 60)
        let outcome = waiter.wait(for: event)
        guard case .timedOut(let last) = outcome else {
            Issue.record("expected a timeout, got \(outcome)")
            return
        }
        #expect(last.operationStatus == .inProgress)
        #expect(outcome.requestToken == event.requestToken)
        #expect(time.elapsed == 60)
        let polls = try setup.signedRequests().filter { $0.action == "GetResourceRequestStatus" }
        #expect(polls.count == time.sleeps.count)
        #expect(polls.allSatisfy { $0.requestToken == event.requestToken })
    }

    /// CANCEL_COMPLETE (by a fault, through CANCEL_IN_PROGRESS) is a failure, never success.
    @Test func cancelCompleteIsNeverSuccess() throws {
        let setup = try Setup(
            "cancel-complete", FakeCloudControlScenario(pollsToFinish: 3, faults: [.cancelComplete]))
        let client = setup.client()
        let event = try client.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: "cancel-complete-1")
        let events = EventLog()
        var (waiter, _) = setup.waiter(client)
        waiter.onEvent = { events.append($0) }
        let outcome = waiter.wait(for: event)
        #expect(outcome == .cancelled(outcome.event))
        #expect(events.statuses == ["PENDING", "CANCEL_IN_PROGRESS", "CANCEL_IN_PROGRESS", "CANCEL_COMPLETE"])
        #expect(try setup.log().resources[Self.image] == [])
    }

    /// Handler outcomes the stand-in decides from its state (Cloud Control user guide, resource-operations-update):
    /// an update of an unknown identifier ends FAILED NotFound; a patch whose `test` fails ends FAILED
    /// InvalidRequest and changes nothing; a create-only property ends FAILED NotUpdatable; a second write while one
    /// is in progress is ConcurrentOperationException.
    @Test func handlerOutcomesFromState() throws {
        let setup = try Setup("state")
        let client = setup.client()
        let arn = try setup.createImage(client)
        func update(_ identifier: String, _ patch: String) throws -> ResourceRequestOutcome {
            let event = try client.updateResource(
                typeName: Self.image, identifier: identifier, patchDocument: patch,
                clientToken: CloudControlRequest.newClientToken())
            return setup.waiter(client).0.wait(for: event)
        }
        let missing = try update(arn + "9", #"[{"op":"add","path":"/Tags/a","value":"b"}]"#)
        #expect(missing.event.errorCode == "NotFound")
        let failedTest = try update(
            arn, #"[{"op":"add","path":"/Tags/a","value":"b"},{"op":"test","path":"/Tags/env","value":"x"}]"#)
        #expect(failedTest.event.errorCode == "InvalidRequest")
        let createOnly = try update(arn, #"[{"op":"replace","path":"/ImageRecipeArn","value":"arn:x"}]"#)
        #expect(createOnly.event.errorCode == "NotUpdatable")
        #expect([missing, failedTest, createOnly].allSatisfy { !$0.isSuccess })
        let properties = try client.getResource(typeName: Self.image, identifier: arn).properties
        #expect(properties?.contains(#""Tags":{"env":"dev"}"#) == true)

        _ = try client.updateResource(
            typeName: Self.image, identifier: arn, patchDocument: "[]", clientToken: "busy-1")
        let busy = #expect(throws: AWSServiceError.self) {
            try client.deleteResource(typeName: Self.image, identifier: arn, clientToken: "busy-2")
        }
        #expect(busy?.code == "ConcurrentOperationException")
    }

    // MARK: - Signatures

    /// The stand-in checks the signature as AWS does, and answers in the JSON protocol's words (HTTP 400): a wrong
    /// secret is InvalidSignatureException, an unknown key UnrecognizedClientException, and a request signed for
    /// `cloudcontrol` instead of `cloudcontrolapi` (aws-wire-formats.md §2) is refused for its credential scope.
    /// None is retried or reaches the resources.
    @Test func badSignaturesAreRefusedAsAWSRefusesThem() throws {
        let setup = try Setup("signatures")
        let wrongSecret = AWSCredentials(accessKeyId: Self.credentials.accessKeyId, secretAccessKey: "not-the-secret")
        let unknownKey = AWSCredentials(accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x")
        let good = setup.client()
        let scopedWrongly = JSONProtocolClient(
            endpoint: setup.server.endpoint(for: setup.name), targetPrefix: CloudControlClient.targetPrefix,
            signer: SigV4Signer(service: "cloudcontrol", region: "us-west-2"), credentials: Self.credentials,
            transport: setup.transport, retrying: RetryingClient(sleeper: setup.sleeper))
        let cases: [(String, () throws -> Void)] = [
            (
                "InvalidSignatureException",
                { _ = try setup.client(credentials: wrongSecret).listResources(typeName: Self.image) }
            ),
            (
                "UnrecognizedClientException",
                { _ = try setup.client(credentials: unknownKey).listResources(typeName: Self.image) }
            ),
            (
                "InvalidSignatureException",
                { _ = try scopedWrongly.call("ListResources", body: Array(#"{"TypeName":"\#(Self.image)"}"#.utf8)) }
            ),
        ]
        for (code, call) in cases {
            #expect {
                try call()
            } throws: { error in
                (error as? AWSServiceError)?.code == code
            }
        }
        _ = try good.listResources(typeName: Self.image)
        let log = try setup.log()
        #expect(log.rejected == 3)
        #expect(log.requests.map(\.signatureValid) == [false, false, false, true])
        #expect(
            log.requests.map(\.error) == [
                "InvalidSignatureException", "UnrecognizedClientException", "InvalidSignatureException", nil,
            ])
        #expect(setup.sleeper.sleeps.isEmpty)
    }
}

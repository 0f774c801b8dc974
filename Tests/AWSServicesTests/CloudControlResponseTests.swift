import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

/// Reading Cloud Control's answers over a scripted transport: the vendored samples (fixtures/aws-samples), the JSON
/// protocol's error forms, malformed bodies, and paging.
@Suite("Cloud Control: responses, errors and paging")
struct CloudControlResponseTests {
    static let image = "AWS::ImageBuilder::Image"

    // MARK: - Samples

    /// `cloudcontrol_get_resource_request_status.json`. aws-wire-formats.md §2: timestamps are epoch seconds,
    /// possibly in exponent form (`1.714554753123E9`); `RetryAfter` is a point in time.
    @Test func inProgressSample() throws {
        let transport = FakeTransport([Fixtures.json(AWSSamples.cloudControlGetResourceRequestStatus)])
        let event = try Fixtures.cloudControl(transport).getResourceRequestStatus(
            requestToken: "6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE")
        #expect(
            event
                == ProgressEvent(
                    typeName: Self.image,
                    identifier: "arn:aws:imagebuilder:us-west-2:123456789012:image/web-recipe/1.0.0/1",
                    requestToken: "6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE", operation: .create,
                    operationStatus: .inProgress, eventTime: Date(timeIntervalSince1970: 1_714_554_753.123),
                    statusMessage: "Image build in progress",
                    retryAfter: Date(timeIntervalSince1970: 1_714_554_813.123)))
        #expect(event.operationStatus.isInProgress)
    }

    /// `cloudcontrol_failed.json`. execution-and-audit.md §1: `ErrorCode` appears only on FAILED, with a
    /// `StatusMessage`; a FAILED request may carry no Identifier.
    @Test func failedSample() throws {
        let transport = FakeTransport([Fixtures.json(AWSSamples.cloudControlFailed)])
        let event = try Fixtures.cloudControl(transport).getResourceRequestStatus(requestToken: "t")
        #expect(event.operationStatus == .failed)
        #expect(event.errorCode == "InvalidRequest")
        #expect(event.statusMessage?.hasPrefix("Image recipe arn:aws:imagebuilder:us-west-2") == true)
        #expect(event.identifier == nil && event.retryAfter == nil)
        #expect(event.eventTime == Date(timeIntervalSince1970: 1_714_555_953))
        #expect(!event.operationStatus.isInProgress)
    }

    /// `cloudcontrol_error.json`. aws-wire-formats.md §2: the code is `__type` after its `#`, the message is under
    /// `Message`, the request id comes from the `x-amzn-RequestId` header; the one sentence carries code, message and
    /// request id. A 400 that is not throttling is not retried.
    @Test func errorSample() throws {
        let transport = FakeTransport([
            Fixtures.json(AWSSamples.cloudControlError, status: 400, requestId: "0f4a9c1e-EXAMPLE")
        ])
        let client = Fixtures.cloudControl(transport)
        let error = #expect(throws: AWSServiceError.self) {
            try client.getResource(typeName: Self.image, identifier: "x")
        }
        #expect(error?.code == "ResourceNotFoundException")
        #expect(error?.requestId == "0f4a9c1e-EXAMPLE")
        #expect(
            error?.description
                == "ResourceNotFoundException: AWS::ImageBuilder::Image Handler returned status FAILED: Resource of "
                + "type 'AWS::ImageBuilder::Image' with identifier "
                + "'arn:aws:imagebuilder:us-west-2:123456789012:image/web-recipe/1.0.0/9' was not found. "
                + "(request 0f4a9c1e-EXAMPLE)")
        #expect(transport.requests.count == 1)
    }

    // MARK: - Errors

    /// aws-wire-formats.md §2 (as botocore and smithy read JSON errors): `__type` with a namespace, without one, with
    /// a `:`-suffix; the code from `x-amzn-ErrorType` when the body has none; the message under `message` or
    /// `Message`. execution-and-audit.md §1: `com.amazon.coral.service#AccessDeniedException` arrives with HTTP 400.
    @Test(arguments: [
        (
            #"{"__type":"com.amazon.coral.service#AccessDeniedException","message":"User: arn:aws:iam::1:user/b is not authorized"}"#,
            [HTTPHeader](), "AccessDeniedException", "User: arn:aws:iam::1:user/b is not authorized"
        ),
        (#"{"__type":"ConcurrentOperationException","Message":"busy"}"#, [], "ConcurrentOperationException", "busy"),
        (
            #"{"__type":"aws.cloudcontrol#ClientTokenConflictException:http://internal.amazon.com/","Message":"used"}"#,
            [], "ClientTokenConflictException", "used"
        ),
        (
            #"{"message":"The security token included in the request is invalid."}"#,
            [HTTPHeader("x-amzn-ErrorType", "UnrecognizedClientException:http://internal.amazon.com/coral/")],
            "UnrecognizedClientException", "The security token included in the request is invalid."
        ),
    ])
    func errorForms(_ body: String, _ headers: [HTTPHeader], _ code: String, _ message: String) throws {
        let transport = FakeTransport([Fixtures.json(body, status: 400, requestId: "rid-7", headers: headers)])
        let error = #expect(throws: AWSServiceError.self) {
            try Fixtures.cloudControl(transport).deleteResource(typeName: Self.image, identifier: "i", clientToken: "c")
        }
        #expect(error?.code == code)
        #expect(error?.requestId == "rid-7")
        #expect(error?.description == "\(code): \(message) (request rid-7)")
        #expect(transport.requests.count == 1)
    }

    /// Standard retry mode (aws-wire-formats.md §5): `ThrottlingException` is retried with backoff, and the write
    /// is resent with the same body, so the same ClientToken; it then succeeds.
    @Test func throttlingExceptionIsRetriedWithTheSameClientToken() throws {
        let transport = FakeTransport([
            Fixtures.json(#"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#, status: 400),
            Fixtures.progress("PENDING"),
        ])
        let sleeper = RecordingSleeper()
        let event = try Fixtures.cloudControl(transport, sleeper: sleeper).createResource(
            typeName: Self.image, desiredState: "{}", clientToken: "same-token")
        #expect(event.operationStatus == .pending)
        #expect(transport.requests.count == 2)
        #expect(transport.bodies[0] == transport.bodies[1])
        #expect(transport.bodies[0].contains(#""ClientToken":"same-token""#))
        #expect(sleeper.sleeps == [RetryPolicy.standard.delay(afterAttempt: 1, random: 0.5)])
    }

    /// A body AWS could not have sent is one sentence naming the operation, the host and what is wrong, and is not
    /// retried (the call succeeded at the HTTP level).
    @Test(arguments: [
        ("not json", "the body is not JSON: line 1:2: "),
        ("[1]", "the body is an array, not a JSON object"),
        (#"{"TypeName":"x"}"#, "ProgressEvent is missing"),
        (#"{"ProgressEvent":{"OperationStatus":"SUCCESS"}}"#, "ProgressEvent.RequestToken is missing"),
        (#"{"ProgressEvent":{"RequestToken":"t"}}"#, "ProgressEvent.OperationStatus is missing"),
        (
            #"{"ProgressEvent":{"RequestToken":7,"OperationStatus":"SUCCESS"}}"#,
            "ProgressEvent.RequestToken is a number, not a string"
        ),
        (
            #"{"ProgressEvent":{"RequestToken":"t","OperationStatus":"SUCCESS","RetryAfter":"soon"}}"#,
            "ProgressEvent.RetryAfter is not a timestamp: 'soon'"
        ),
        (
            #"{"ProgressEvent":{"RequestToken":"t","OperationStatus":"SUCCESS","EventTime":true}}"#,
            "ProgressEvent.EventTime is a boolean, not a timestamp"
        ),
        (
            #"{"ProgressEvent":{"RequestToken":"t","RequestToken":"u","OperationStatus":"SUCCESS"}}"#,
            "ProgressEvent.RequestToken is given twice"
        ),
    ])
    func malformedBodies(_ body: String, _ detail: String) throws {
        let transport = FakeTransport([Fixtures.json(body)])
        let error = #expect(throws: AWSServiceError.self) {
            try Fixtures.cloudControl(transport).createResource(
                typeName: Self.image, desiredState: "{}", clientToken: "c")
        }
        let prefix = "the CreateResource response from cloudcontrolapi.us-west-2.amazonaws.com could not be read: "
        #expect(error?.description.hasPrefix(prefix + detail) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.contains("\n") == false)
        #expect(transport.requests.count == 1)
    }

    /// Fields the model adds later are ignored, `null` counts as absent, an unknown status is kept as text, and a
    /// timestamp may come as an ISO 8601 string (botocore's JSON parser accepts both).
    @Test func unknownFieldsNullsAndISOTimestamps() throws {
        let body =
            #"{"ProgressEvent":{"RequestToken":"t","OperationStatus":"ROLLING_BACK","Operation":"IMPORT","#
            + #""Identifier":null,"EventTime":"2024-05-01T09:12:33Z","RetryAfter":1714554813,"NewField":{"a":1}},"#
            + #""HooksProgressEvent":[]}"#
        let event = try Fixtures.cloudControl(FakeTransport([Fixtures.json(body)])).getResourceRequestStatus(
            requestToken: "t")
        #expect(event.operationStatus == .other("ROLLING_BACK"))
        #expect(event.operation == .other("IMPORT"))
        #expect(event.identifier == nil)
        #expect(event.eventTime == Date(timeIntervalSince1970: 1_714_554_753))
        #expect(event.retryAfter == Date(timeIntervalSince1970: 1_714_554_813))
    }

    /// GetResource answers `{"TypeName", "ResourceDescription": {"Identifier", "Properties": "<json>"}}`.
    @Test func getResourceGivesIdentifierAndProperties() throws {
        let body =
            #"{"TypeName":"AWS::ImageBuilder::Image","ResourceDescription":{"Identifier":"arn:1","#
            + #""Properties":"{\"Arn\":\"arn:1\",\"Tags\":{\"env\":\"dev\"}}"}}"#
        let resource = try Fixtures.cloudControl(FakeTransport([Fixtures.json(body)])).getResource(
            typeName: Self.image, identifier: "arn:1")
        #expect(
            resource == ResourceDescription(identifier: "arn:1", properties: #"{"Arn":"arn:1","Tags":{"env":"dev"}}"#))
        let missing = FakeTransport([Fixtures.json(#"{"TypeName":"AWS::ImageBuilder::Image"}"#)])
        #expect {
            try Fixtures.cloudControl(missing).getResource(typeName: Self.image, identifier: "arn:1")
        } throws: { error in
            "\(error)".hasSuffix("could not be read: ResourceDescription is missing")
        }
    }

    // MARK: - Paging

    /// paginators-1.json: ListResources is called again with each page's `NextToken` until a page has none; the
    /// resources of every page are returned in order, and the rest of the request stays the same.
    @Test func listResourcesFollowsEveryPage() throws {
        let transport = FakeTransport([
            Fixtures.json(#"{"ResourceDescriptions":[{"Identifier":"a","Properties":"{}"}],"NextToken":"p2"}"#),
            Fixtures.json(#"{"ResourceDescriptions":[],"NextToken":"p3"}"#),
            Fixtures.json(#"{"TypeName":"T","ResourceDescriptions":[{"Identifier":"b"},{"Identifier":"c"}]}"#),
        ])
        let resources = try Fixtures.cloudControl(transport).listResources(
            typeName: Self.image, resourceModel: #"{"Name":"web"}"#, maxResults: 2)
        #expect(resources.map(\.identifier) == ["a", "b", "c"])
        #expect(resources.map(\.properties) == ["{}", nil, nil])
        let prefix = #"{"TypeName":"AWS::ImageBuilder::Image","#
        let model = #""MaxResults":2,"ResourceModel":"{\"Name\":\"web\"}"}"#
        #expect(
            transport.bodies == [
                prefix + model, prefix + #""NextToken":"p2","# + model, prefix + #""NextToken":"p3","# + model,
            ])
    }

    /// A `NextToken` that comes back a second time would page forever: the listing stops with one sentence naming
    /// the token, after the call that repeated it.
    @Test func aRepeatedNextTokenIsMalformed() throws {
        let transport = FakeTransport([
            Fixtures.json(#"{"ResourceDescriptions":[{"Identifier":"a"}],"NextToken":"p2"}"#),
            Fixtures.json(#"{"ResourceDescriptions":[{"Identifier":"b"}],"NextToken":"p3"}"#),
            Fixtures.json(#"{"ResourceDescriptions":[{"Identifier":"c"}],"NextToken":"p2"}"#),
        ])
        #expect {
            try Fixtures.cloudControl(transport).listResources(typeName: Self.image)
        } throws: { error in
            "\(error)"
                == "the ListResources response from cloudcontrolapi.us-west-2.amazonaws.com could not be read: "
                + "NextToken repeated an earlier page's token 'p2'"
        }
        #expect(transport.requests.count == 3)
    }

    /// ListResourceRequests pages the same way; each summary is a ProgressEvent.
    @Test func listResourceRequestsFollowsEveryPage() throws {
        let summary = { (token: String, status: String) in
            #"{"RequestToken":"\#(token)","OperationStatus":"\#(status)","Operation":"DELETE"}"#
        }
        let transport = FakeTransport([
            Fixtures.json(#"{"ResourceRequestStatusSummaries":[\#(summary("r1", "FAILED"))],"NextToken":"n"}"#),
            Fixtures.json(#"{"ResourceRequestStatusSummaries":[\#(summary("r2", "CANCEL_COMPLETE"))]}"#),
        ])
        let events = try Fixtures.cloudControl(transport).listResourceRequests(
            filter: ResourceRequestStatusFilter(operations: [.delete]))
        #expect(events.map(\.requestToken) == ["r1", "r2"])
        #expect(events.map(\.operationStatus) == [.failed, .cancelComplete])
        #expect(
            transport.bodies == [
                #"{"ResourceRequestStatusFilter":{"Operations":["DELETE"]}}"#,
                #"{"NextToken":"n","ResourceRequestStatusFilter":{"Operations":["DELETE"]}}"#,
            ])
    }

    /// A list entry that is not an object is named with its index.
    @Test func aBadListEntryIsNamedByIndex() throws {
        let transport = FakeTransport([Fixtures.json(#"{"ResourceDescriptions":[{"Identifier":"a"},"b"]}"#)])
        #expect {
            try Fixtures.cloudControl(transport).listResources(typeName: Self.image)
        } throws: { error in
            "\(error)".hasSuffix("could not be read: ResourceDescriptions[1] is a string, not an object")
        }
    }
}

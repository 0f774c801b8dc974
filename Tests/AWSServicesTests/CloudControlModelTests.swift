import AWSServices
import AWSTestSupport
import Foundation
import JSON
import Testing

/// The Cloud Control client against AWS's own service model (botocore's `cloudcontrol` 2021-09-30 `service-2.json`
/// and `paginators-1.json`, vendored in `fixtures/botocore-models`): the protocol constants, the members each request
/// body names and their order, the enums, and the paginated operations are the model's. The files are read with the
/// JSON module's reader, which keeps members in document order.
@Suite("Cloud Control: the client follows AWS's service model")
struct CloudControlModelTests {
    static let directory = AWSSamples.directory.deletingLastPathComponent().appendingPathComponent("botocore-models")

    /// The model file `name`, parsed; a missing file fails the test.
    static func model(_ name: String) throws -> JSONNode {
        let url = directory.appendingPathComponent(name)
        try #require(FileManager.default.fileExists(atPath: url.path), "the model is missing: expected \(url.path)")
        return try JSONParser.parse(Array(Data(contentsOf: url)))
    }

    /// Every call with every member the client can send, so each body lists all of them.
    static let fullCalls: [CloudControlRequest] = [
        .createResource(typeName: "A::B::C", desiredState: "{}", clientToken: "t", roleArn: "r"),
        .updateResource(typeName: "A::B::C", identifier: "i", patchDocument: "[]", clientToken: "t", roleArn: "r"),
        .deleteResource(typeName: "A::B::C", identifier: "i", clientToken: "t", roleArn: "r"),
        .getResource(typeName: "A::B::C", identifier: "i", roleArn: "r"),
        .listResources(typeName: "A::B::C", resourceModel: "{}", roleArn: "r", nextToken: "n", maxResults: 1),
        .getResourceRequestStatus(requestToken: "t"),
        .cancelResourceRequest(requestToken: "t"),
        .listResourceRequests(
            filter: ResourceRequestStatusFilter(operations: [.create], operationStatuses: [.failed]), nextToken: "n",
            maxResults: 1),
    ]

    /// metadata: `protocol` json, `jsonVersion` 1.0 (content type `application/x-amz-json-1.0`), `targetPrefix`
    /// CloudApiService, `signingName` cloudcontrolapi, `apiVersion` 2021-09-30.
    @Test func protocolConstantsAreTheModels() throws {
        let metadata = try #require(try Self.model("cloudcontrol.service-2.json")["metadata"])
        #expect(metadata["protocol"]?.stringValue == "json")
        #expect(metadata["jsonVersion"]?.stringValue == "1.0")
        #expect(JSONProtocolClient.contentType(version: "1.0") == "application/x-amz-json-1.0")
        #expect(metadata["targetPrefix"]?.stringValue == CloudControlClient.targetPrefix)
        #expect(metadata["signingName"]?.stringValue == CloudControlClient.signingName)
        #expect(metadata["apiVersion"]?.stringValue == CloudControlClient.apiVersion)
    }

    /// operations: each body names exactly the members of the operation's input shape, in the model's order, less
    /// `TypeVersionId` (iamgate always uses the default version of a type); the required members are among them.
    @Test(arguments: fullCalls)
    func bodyMembersAreTheInputShapes(_ call: CloudControlRequest) throws {
        let model = try Self.model("cloudcontrol.service-2.json")
        let inputName = try #require(model["operations"]?[call.operation]?["input"]?["shape"]?.stringValue)
        let input = try #require(model["shapes"]?[inputName])
        let modelMembers = try #require(input["members"]?.objectValue).map(\.key)
        let body = try #require(try JSONParser.parse(call.body).objectValue)
        #expect(body.map(\.key) == modelMembers.filter { $0 != "TypeVersionId" }, "\(call.operation)")
        for required in input["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            #expect(body.contains { $0.key == required }, "\(call.operation) must send \(required)")
        }
        if case .listResourceRequests = call {
            let filterMembers = try #require(model["shapes"]?["ResourceRequestStatusFilter"]?["members"]?.objectValue)
            let sent = body.first { $0.key == "ResourceRequestStatusFilter" }?.value.objectValue?.map(\.key)
            #expect(sent == filterMembers.map(\.key))
        }
    }

    /// shapes `OperationStatus` and `Operation`: every value the model lists is a known case that reads back as the
    /// same text; a value it does not list is kept as `.other`. The waiter `ResourceRequestSuccess`
    /// (waiters-2.json) ends on SUCCESS, FAILED and CANCEL_COMPLETE: the other three are in progress.
    @Test func everyModelEnumValueIsKnown() throws {
        let model = try Self.model("cloudcontrol.service-2.json")
        let statuses = try #require(model["shapes"]?["OperationStatus"]?["enum"]?.arrayValue).compactMap(\.stringValue)
        #expect(statuses.count == 6)
        for value in statuses {
            let status = ProgressEvent.OperationStatus(rawValue: value)
            #expect(status.rawValue == value)
            if case .other = status { Issue.record("OperationStatus \(value) is not a known case") }
        }
        let operations = try #require(model["shapes"]?["Operation"]?["enum"]?.arrayValue).compactMap(\.stringValue)
        #expect(operations.count == 3)
        for value in operations {
            let operation = ProgressEvent.Operation(rawValue: value)
            #expect(operation.rawValue == value)
            if case .other = operation { Issue.record("Operation \(value) is not a known case") }
        }
        #expect(ProgressEvent.OperationStatus(rawValue: "ROLLING_BACK") == .other("ROLLING_BACK"))
        #expect(ProgressEvent.Operation(rawValue: "IMPORT") == .other("IMPORT"))
        let inProgress = statuses.filter { ProgressEvent.OperationStatus(rawValue: $0).isInProgress }
        #expect(inProgress == ["PENDING", "IN_PROGRESS", "CANCEL_IN_PROGRESS"])
    }

    /// paginators-1.json: ListResources and ListResourceRequests page with `NextToken` in and out and `MaxResults` as
    /// the limit: the two operations the client follows page by page.
    @Test func pagedOperationsAreTheModels() throws {
        let paginators = try #require(try Self.model("cloudcontrol.paginators-1.json")["pagination"]?.objectValue)
        #expect(paginators.map(\.key).sorted() == ["ListResourceRequests", "ListResources"])
        for paginator in paginators {
            #expect(paginator.value["input_token"]?.stringValue == "NextToken", "\(paginator.key)")
            #expect(paginator.value["output_token"]?.stringValue == "NextToken", "\(paginator.key)")
            #expect(paginator.value["limit_key"]?.stringValue == "MaxResults", "\(paginator.key)")
        }
        let results = paginators.map { "\($0.key): \($0.value["result_key"]?.stringValue ?? "")" }.sorted()
        #expect(
            results == [
                "ListResourceRequests: ResourceRequestStatusSummaries", "ListResources: ResourceDescriptions",
            ])
    }
}

extension JSONNode {
    /// The value of the first member called `key`, when this is an object.
    fileprivate subscript(key: String) -> JSONNode? {
        objectValue?.first { $0.key == key }?.value
    }
}

import AWSCore
import Foundation
import JSON

/// One Cloud Control API call with its input (API version `2021-09-30`): the value the client sends and `--dry-run`
/// prints. ``body`` is the exact JSON the client posts: keys named as the model's input shapes name them, in the
/// model's member order, optional members left out when `nil`. `DesiredState`, `PatchDocument` and `ResourceModel`
/// are JSON text carried as JSON strings, as the model's `Properties` and `PatchDocument` shapes are strings.
public enum CloudControlRequest: Sendable, Hashable {
    /// `CreateResource`: `DesiredState` is the resource's properties as a JSON object's text.
    case createResource(typeName: String, desiredState: String, clientToken: String, roleArn: String? = nil)
    /// `UpdateResource`: `PatchDocument` is an RFC 6902 JSON Patch array's text.
    case updateResource(
        typeName: String, identifier: String, patchDocument: String, clientToken: String, roleArn: String? = nil)
    /// `DeleteResource`.
    case deleteResource(typeName: String, identifier: String, clientToken: String, roleArn: String? = nil)
    /// `GetResource`.
    case getResource(typeName: String, identifier: String, roleArn: String? = nil)
    /// `ListResources`, one page: `nextToken` is the previous page's `NextToken`, `maxResults` 1–100.
    case listResources(
        typeName: String, resourceModel: String? = nil, roleArn: String? = nil, nextToken: String? = nil,
        maxResults: Int? = nil)
    /// `GetResourceRequestStatus`.
    case getResourceRequestStatus(requestToken: String)
    /// `CancelResourceRequest`.
    case cancelResourceRequest(requestToken: String)
    /// `ListResourceRequests`, one page.
    case listResourceRequests(
        filter: ResourceRequestStatusFilter? = nil, nextToken: String? = nil, maxResults: Int? = nil)

    /// The operation's name, the suffix of `X-Amz-Target`: `CreateResource`, `GetResourceRequestStatus`, ….
    public var operation: String {
        switch self {
        case .createResource: return "CreateResource"
        case .updateResource: return "UpdateResource"
        case .deleteResource: return "DeleteResource"
        case .getResource: return "GetResource"
        case .listResources: return "ListResources"
        case .getResourceRequestStatus: return "GetResourceRequestStatus"
        case .cancelResourceRequest: return "CancelResourceRequest"
        case .listResourceRequests: return "ListResourceRequests"
        }
    }

    /// Whether the call changes a resource (create, update, delete): such a call answers with a ``ProgressEvent``
    /// to follow, and carries a `ClientToken` so that resending it is safe.
    public var isMutation: Bool {
        switch self {
        case .createResource, .updateResource, .deleteResource: return true
        default: return false
        }
    }

    /// The `ClientToken` of a mutation; `nil` for the other calls.
    public var clientToken: String? {
        switch self {
        case .createResource(_, _, let token, _), .updateResource(_, _, _, let token, _),
            .deleteResource(_, _, let token, _):
            return token
        default: return nil
        }
    }

    /// The body as a JSON value, members in the order they are written.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = []
        func add(_ key: String, _ value: String?) {
            if let value { members.append((key, .string(value))) }
        }
        switch self {
        case .createResource(let typeName, let desiredState, let clientToken, let roleArn):
            add("TypeName", typeName)
            add("RoleArn", roleArn)
            add("ClientToken", clientToken)
            add("DesiredState", desiredState)
        case .updateResource(let typeName, let identifier, let patchDocument, let clientToken, let roleArn):
            add("TypeName", typeName)
            add("RoleArn", roleArn)
            add("ClientToken", clientToken)
            add("Identifier", identifier)
            add("PatchDocument", patchDocument)
        case .deleteResource(let typeName, let identifier, let clientToken, let roleArn):
            add("TypeName", typeName)
            add("RoleArn", roleArn)
            add("ClientToken", clientToken)
            add("Identifier", identifier)
        case .getResource(let typeName, let identifier, let roleArn):
            add("TypeName", typeName)
            add("RoleArn", roleArn)
            add("Identifier", identifier)
        case .listResources(let typeName, let resourceModel, let roleArn, let nextToken, let maxResults):
            add("TypeName", typeName)
            add("RoleArn", roleArn)
            add("NextToken", nextToken)
            if let maxResults { members.append(("MaxResults", .int(maxResults))) }
            add("ResourceModel", resourceModel)
        case .getResourceRequestStatus(let requestToken), .cancelResourceRequest(let requestToken):
            add("RequestToken", requestToken)
        case .listResourceRequests(let filter, let nextToken, let maxResults):
            if let maxResults { members.append(("MaxResults", .int(maxResults))) }
            add("NextToken", nextToken)
            if let filter {
                var fields: [(String, JSONOutput)] = []
                if !filter.operations.isEmpty {
                    fields.append(("Operations", .strings(filter.operations.map(\.rawValue))))
                }
                if !filter.operationStatuses.isEmpty {
                    fields.append(("OperationStatuses", .strings(filter.operationStatuses.map(\.rawValue))))
                }
                members.append(("ResourceRequestStatusFilter", .object(fields)))
            }
        }
        return .object(members)
    }

    /// The body as sent: ``json`` written compact (no whitespace) as UTF-8.
    public var body: [UInt8] {
        json.bytes(pretty: false)
    }

    /// A new `ClientToken`: a random UUID, as botocore fills the model's idempotency tokens. Use one per logical
    /// request and keep it when resending that request; a new request needs a new token.
    public static func newClientToken() -> String {
        UUID().uuidString.lowercased()
    }
}

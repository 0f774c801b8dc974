import AWSCore
import Foundation

/// The Cloud Control API calls iamgate makes, for one region, over AWS's JSON 1.0 protocol (API version
/// `2021-09-30`, target prefix `CloudApiService`), signed with SigV4 for service `cloudcontrolapi` and retried per the
/// policy. Writes are asynchronous: create, update and delete answer with a ``ProgressEvent`` to follow with a
/// ``ResourceRequestWaiter``. Every write carries a `ClientToken`, so a retried write is the same request to AWS.
public struct CloudControlClient: Sendable {
    /// Cloud Control's API version.
    public static let apiVersion = "2021-09-30"
    /// The model's `targetPrefix`.
    public static let targetPrefix = "CloudApiService"
    /// The model's `signingName`.
    public static let signingName = "cloudcontrolapi"

    /// The JSON-protocol machinery the calls go through.
    public let json: JSONProtocolClient
    /// The region requests are signed for (and whose resources they concern).
    public let region: String

    /// A client posting to `endpoint` (for example `https://cloudcontrolapi.us-east-1.amazonaws.com/`), signing for
    /// `region`.
    public init(
        endpoint: URL, region: String, credentials: AWSCredentials, transport: any HTTPTransport, clock: SigningClock,
        retry: RetryPolicy = .standard, sleeper: any Sleeper, random: any RandomSource,
        timeouts: HTTPTimeouts = .default, onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        self.region = region
        json = JSONProtocolClient(
            endpoint: endpoint, targetPrefix: Self.targetPrefix,
            signer: SigV4Signer(service: Self.signingName, region: region), credentials: credentials,
            transport: transport,
            retrying: RetryingClient(policy: retry, clock: clock, sleeper: sleeper, random: random, onRetry: onRetry),
            timeouts: timeouts)
    }

    /// The unsigned HTTP request `call` is sent as: `POST /` with its `Content-Type`, `X-Amz-Target` and JSON body.
    /// A pure function, for `--dry-run` and tests; signing adds `Host`, `X-Amz-Date`, `X-Amz-Security-Token` and
    /// `Authorization` to it and changes nothing else.
    public func request(for call: CloudControlRequest) -> HTTPRequest {
        json.request(call.operation, body: call.body)
    }

    // MARK: - Writes

    /// `CreateResource`: starts creating a resource of `typeName` with `desiredState` (a JSON object's text).
    public func createResource(
        typeName: String, desiredState: String, clientToken: String, roleArn: String? = nil
    ) throws(AWSServiceError) -> ProgressEvent {
        try progressEvent(
            .createResource(
                typeName: typeName, desiredState: desiredState, clientToken: clientToken, roleArn: roleArn))
    }

    /// `UpdateResource`: starts applying `patchDocument` (an RFC 6902 JSON Patch array's text) to the resource.
    public func updateResource(
        typeName: String, identifier: String, patchDocument: String, clientToken: String, roleArn: String? = nil
    ) throws(AWSServiceError) -> ProgressEvent {
        try progressEvent(
            .updateResource(
                typeName: typeName, identifier: identifier, patchDocument: patchDocument, clientToken: clientToken,
                roleArn: roleArn))
    }

    /// `DeleteResource`: starts deleting the resource.
    public func deleteResource(
        typeName: String, identifier: String, clientToken: String, roleArn: String? = nil
    ) throws(AWSServiceError) -> ProgressEvent {
        try progressEvent(
            .deleteResource(typeName: typeName, identifier: identifier, clientToken: clientToken, roleArn: roleArn))
    }

    /// Sends a write (``CloudControlRequest/isMutation``) or another call that answers with a `ProgressEvent`
    /// (`GetResourceRequestStatus`, `CancelResourceRequest`) exactly as ``request(for:)`` builds it, and returns the
    /// event. For the exec layer, which builds the request once to print, log and send the same value.
    public func progressEvent(_ call: CloudControlRequest) throws(AWSServiceError) -> ProgressEvent {
        let root = try json.callObject(call.operation, body: call.body)
        return try ProgressEvent.member(of: root)
    }

    // MARK: - Requests

    /// `GetResourceRequestStatus`: where the request of `requestToken` stands now.
    public func getResourceRequestStatus(requestToken: String) throws(AWSServiceError) -> ProgressEvent {
        try progressEvent(.getResourceRequestStatus(requestToken: requestToken))
    }

    /// `CancelResourceRequest`: asks Cloud Control to cancel the request of `requestToken`; the answer is usually
    /// `CANCEL_IN_PROGRESS`, to be followed like any other request.
    public func cancelResourceRequest(requestToken: String) throws(AWSServiceError) -> ProgressEvent {
        try progressEvent(.cancelResourceRequest(requestToken: requestToken))
    }

    /// `ListResourceRequests`, every page: the account's requests of the last 7 days that `filter` selects.
    public func listResourceRequests(
        filter: ResourceRequestStatusFilter? = nil, maxResults: Int? = nil
    ) throws(AWSServiceError) -> [ProgressEvent] {
        var events: [ProgressEvent] = []
        try paged { token in
            .listResourceRequests(filter: filter, nextToken: token, maxResults: maxResults)
        } page: { root throws(AWSServiceError) in
            for object in try root.objects("ResourceRequestStatusSummaries") {
                events.append(try ProgressEvent(object))
            }
        }
        return events
    }

    // MARK: - Reads

    /// `GetResource`: the resource's identifier and properties.
    public func getResource(
        typeName: String, identifier: String, roleArn: String? = nil
    ) throws(AWSServiceError) -> ResourceDescription {
        let call = CloudControlRequest.getResource(typeName: typeName, identifier: identifier, roleArn: roleArn)
        let root = try json.callObject(call.operation, body: call.body)
        guard let description = try root.object("ResourceDescription") else {
            throw root.malformed("ResourceDescription", "is missing")
        }
        return try ResourceDescription(description)
    }

    /// `ListResources`, every page: the resources of `typeName` (those `resourceModel`, a JSON object's text, selects,
    /// for types that need one), `maxResults` per page.
    public func listResources(
        typeName: String, resourceModel: String? = nil, roleArn: String? = nil, maxResults: Int? = nil
    ) throws(AWSServiceError) -> [ResourceDescription] {
        var resources: [ResourceDescription] = []
        try paged { token in
            .listResources(
                typeName: typeName, resourceModel: resourceModel, roleArn: roleArn, nextToken: token,
                maxResults: maxResults)
        } page: { root throws(AWSServiceError) in
            for object in try root.objects("ResourceDescriptions") {
                resources.append(try ResourceDescription(object))
            }
        }
        return resources
    }

    // MARK: - Paging

    /// Calls a `NextToken`-paged operation until a page has no `NextToken` (the model's paginators for
    /// ListResources and ListResourceRequests), handing each page's root object to `page`. A token that comes back a
    /// second time would loop forever, so it makes the response malformed.
    func paged(
        request: (_ nextToken: String?) -> CloudControlRequest,
        page: (JSONResponseObject) throws(AWSServiceError) -> Void
    ) throws(AWSServiceError) {
        try json.paged(request(nil).operation, body: { request($0).body }, page: page)
    }
}

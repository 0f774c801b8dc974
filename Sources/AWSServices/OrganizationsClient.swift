import AWSCore
import Foundation

/// The AWS Organizations calls iamgate makes to find the SCPs and RCPs that govern an account: read-only, over AWS's
/// JSON 1.1 protocol (API version `2016-11-28`, target prefix `AWSOrganizationsV20161128`), signed with SigV4 for
/// service `organizations` in `us-east-1` (the global endpoint `https://organizations.us-east-1.amazonaws.com`) and
/// retried per the policy. Every paged call is followed to its last page.
///
/// Only the organization's management account, and a member account it made a delegated administrator, may call
/// them; anyone else gets `AccessDeniedException`, and an account outside any organization
/// `AWSOrganizationsNotInUseException`.
public struct OrganizationsClient: Sendable {
    /// Organizations' API version.
    public static let apiVersion = "2016-11-28"
    /// The model's `targetPrefix`.
    public static let targetPrefix = "AWSOrganizationsV20161128"
    /// The model's `signingName`.
    public static let signingName = "organizations"
    /// The model's `jsonVersion`.
    public static let jsonVersion = "1.1"
    /// The region every request is signed for: Organizations is global and answers in `us-east-1`.
    public static let signingRegion = "us-east-1"

    /// The JSON-protocol machinery the calls go through.
    public let json: JSONProtocolClient

    /// A client posting to `endpoint` (for example `https://organizations.us-east-1.amazonaws.com/`), signing for
    /// `region` (`us-east-1` unless a partition's endpoint says otherwise).
    public init(
        endpoint: URL, region: String = OrganizationsClient.signingRegion, credentials: AWSCredentials,
        transport: any HTTPTransport, clock: SigningClock, retry: RetryPolicy = .standard, sleeper: any Sleeper,
        random: any RandomSource, timeouts: HTTPTimeouts = .default,
        onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        json = JSONProtocolClient(
            endpoint: endpoint, targetPrefix: Self.targetPrefix,
            signer: SigV4Signer(service: Self.signingName, region: region), credentials: credentials,
            transport: transport,
            retrying: RetryingClient(policy: retry, clock: clock, sleeper: sleeper, random: random, onRetry: onRetry),
            timeouts: timeouts, jsonVersion: Self.jsonVersion)
    }

    /// The unsigned HTTP request `call` is sent as: `POST /` with its `Content-Type`, `X-Amz-Target` and JSON body.
    public func request(for call: OrganizationsRequest) -> HTTPRequest {
        json.request(call.operation, body: call.body)
    }

    /// `DescribeOrganization`: the organization the caller's account belongs to.
    public func describeOrganization() throws(AWSServiceError) -> Organization {
        let call = OrganizationsRequest.describeOrganization
        let root = try json.callObject(call.operation, body: call.body)
        guard let organization = try root.object("Organization") else {
            throw root.malformed("Organization", "is missing")
        }
        return try Organization(organization)
    }

    /// `ListRoots`, every page: the organization's roots (there is one) with the policy types enabled at each.
    public func listRoots(maxResults: Int? = nil) throws(AWSServiceError) -> [OrganizationRoot] {
        var roots: [OrganizationRoot] = []
        try paged(.listRoots(maxResults: maxResults)) { root throws(AWSServiceError) in
            for object in try root.objects("Roots") {
                roots.append(try OrganizationRoot(object))
            }
        }
        return roots
    }

    /// `ListParents`, every page: the parents of account or OU `childId` (there is one: the root or an OU).
    public func listParents(childId: String, maxResults: Int? = nil) throws(AWSServiceError) -> [OrganizationParent] {
        var parents: [OrganizationParent] = []
        try paged(.listParents(childId: childId, maxResults: maxResults)) { root throws(AWSServiceError) in
            for object in try root.objects("Parents") {
                parents.append(try OrganizationParent(object))
            }
        }
        return parents
    }

    /// `ListPoliciesForTarget`, every page: the policies of `type` attached directly to root, OU or account
    /// `targetId` (not those it inherits).
    public func listPoliciesForTarget(
        targetId: String, type: OrganizationPolicyType, maxResults: Int? = nil
    ) throws(AWSServiceError) -> [OrganizationPolicySummary] {
        var policies: [OrganizationPolicySummary] = []
        try paged(.listPoliciesForTarget(targetId: targetId, filter: type, maxResults: maxResults)) {
            root throws(AWSServiceError) in
            for object in try root.objects("Policies") {
                policies.append(try OrganizationPolicySummary(object))
            }
        }
        return policies
    }

    /// `DescribePolicy`: policy `policyId` with its content.
    public func describePolicy(policyId: String) throws(AWSServiceError) -> OrganizationPolicy {
        let call = OrganizationsRequest.describePolicy(policyId: policyId)
        return try OrganizationPolicy.member(of: try json.callObject(call.operation, body: call.body))
    }

    /// Calls paged `first` and the pages after it until one has no `NextToken` (the model's paginators).
    func paged(
        _ first: OrganizationsRequest, page: (JSONResponseObject) throws(AWSServiceError) -> Void
    ) throws(AWSServiceError) {
        try json.paged(first.operation, body: { first.page(after: $0).body }, page: page)
    }
}

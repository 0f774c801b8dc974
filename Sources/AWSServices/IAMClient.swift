import AWSCore
import Foundation

/// The IAM calls iamgate makes, over IAM's query protocol (API version `2010-05-08`): the policy simulator and
/// `GetAccountAuthorizationDetails`. Every call is signed with SigV4 (service `iam`) and retried per the policy.
public struct IAMClient: Sendable {
    /// IAM's API version.
    public static let apiVersion = "2010-05-08"

    /// The query-protocol machinery the calls go through.
    public let query: QueryProtocolClient

    /// A client posting to `endpoint` (for example `https://iam.amazonaws.com/`), signing for `region` (IAM signs
    /// with `us-east-1` in the commercial partition whatever the user's region).
    public init(
        endpoint: URL, region: String, credentials: AWSCredentials, transport: any HTTPTransport, clock: SigningClock,
        retry: RetryPolicy = .standard, sleeper: any Sleeper, random: any RandomSource,
        timeouts: HTTPTimeouts = .default, onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        query = QueryProtocolClient(
            endpoint: endpoint, version: Self.apiVersion, signer: SigV4Signer(service: "iam", region: region),
            credentials: credentials, transport: transport,
            retrying: RetryingClient(
                policy: retry, clock: clock, sleeper: sleeper, random: random, onRetry: onRetry),
            timeouts: timeouts)
    }

    /// Simulates the policies of the user, group or role `request.policySourceArn`, following `Marker` pages until
    /// `IsTruncated` is false; the results of every page, in order.
    public func simulatePrincipalPolicy(
        _ request: SimulatePrincipalPolicyRequest
    ) throws(AWSServiceError) -> [SimulationResult] {
        try simulate("SimulatePrincipalPolicy") { marker in request.parameters(marker: marker) }
    }

    /// Simulates the policies given in `request` alone, following `Marker` pages until `IsTruncated` is false.
    public func simulateCustomPolicy(_ request: SimulateCustomPolicyRequest) throws(AWSServiceError)
        -> [SimulationResult]
    {
        try simulate("SimulateCustomPolicy") { marker in request.parameters(marker: marker) }
    }

    /// Every user, group, role and managed policy `filter` selects (`User`, `Role`, `Group`, `LocalManagedPolicy`,
    /// `AWSManagedPolicy`; empty for all), following pages; any page may add to any of the four lists.
    public func getAccountAuthorizationDetails(
        filter: [String] = [], maxItems: Int? = nil
    ) throws(AWSServiceError) -> AccountAuthorizationDetails {
        var details = AccountAuthorizationDetails()
        try query.callPaged("GetAccountAuthorizationDetails") { marker in
            var parameters = QueryParameters(action: "GetAccountAuthorizationDetails", version: Self.apiVersion)
            parameters.addListIfPresent("Filter", filter)
            parameters.add("MaxItems", maxItems)
            parameters.add("Marker", marker)
            return parameters
        } page: { result in
            details.append(page: result)
        }
        return details
    }

    /// The ARN (with its path) of the role called `name`: `GetRole`. An assumed-role session ARN names its role
    /// without the path, so this is how a session is mapped to the exact role ARN.
    public func roleARN(name: String) throws(AWSServiceError) -> String {
        var parameters = QueryParameters(action: "GetRole", version: Self.apiVersion)
        parameters.add("RoleName", name)
        let result = try query.call("GetRole", parameters)
        guard let arn = result.value(at: "Role", "Arn") else {
            throw .malformedResponse(operation: "GetRole", host: query.host, detail: "Role/Arn is missing")
        }
        return arn
    }

    private func simulate(
        _ action: String, parameters: (String?) -> QueryParameters
    ) throws(AWSServiceError) -> [SimulationResult] {
        var results: [SimulationResult] = []
        try query.callPaged(action, parameters: parameters) { result in
            results += result.members("EvaluationResults").map(SimulationResult.init(xml:))
        }
        return results
    }
}

// MARK: - Requests

/// One `ContextEntry`: a condition key, its values and their type.
public struct ContextEntry: Sendable, Hashable {
    /// `ContextKeyType`.
    public enum KeyType: String, Sendable, Hashable, CaseIterable {
        case string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date,
            dateList
    }

    /// `ContextKeyName`, for example `aws:RequestedRegion`.
    public var name: String
    /// `ContextKeyValues`.
    public var values: [String]
    /// `ContextKeyType`.
    public var type: KeyType

    public init(name: String, values: [String], type: KeyType) {
        self.name = name
        self.values = values
        self.type = type
    }
}

/// The parameters the two simulate operations share.
public struct SimulationOptions: Sendable, Hashable {
    /// `PolicyInputList`: extra identity policies as JSON text.
    public var policyInputList: [String]
    /// `PermissionsBoundaryPolicyInputList` (at most one).
    public var permissionsBoundaryPolicyInputList: [String]
    /// `ActionNames`, for example `iam:PassRole`.
    public var actionNames: [String]
    /// `ResourceArns`; empty means IAM's default `*`.
    public var resourceArns: [String]
    /// `ResourcePolicy` as JSON text.
    public var resourcePolicy: String?
    /// `ResourceOwner`: an account id or ARN.
    public var resourceOwner: String?
    /// `CallerArn`.
    public var callerArn: String?
    /// `ContextEntries`.
    public var contextEntries: [ContextEntry]
    /// `ResourceHandlingOption`, for example `EC2-VPC-EBS`.
    public var resourceHandlingOption: String?
    /// `MaxItems` per page (1…1000; IAM's default is 100).
    public var maxItems: Int?

    public init(
        policyInputList: [String] = [], permissionsBoundaryPolicyInputList: [String] = [], actionNames: [String],
        resourceArns: [String] = [], resourcePolicy: String? = nil, resourceOwner: String? = nil,
        callerArn: String? = nil, contextEntries: [ContextEntry] = [], resourceHandlingOption: String? = nil,
        maxItems: Int? = nil
    ) {
        self.policyInputList = policyInputList
        self.permissionsBoundaryPolicyInputList = permissionsBoundaryPolicyInputList
        self.actionNames = actionNames
        self.resourceArns = resourceArns
        self.resourcePolicy = resourcePolicy
        self.resourceOwner = resourceOwner
        self.callerArn = callerArn
        self.contextEntries = contextEntries
        self.resourceHandlingOption = resourceHandlingOption
        self.maxItems = maxItems
    }

    /// Appends the parameters in the botocore model's member order; `policyInputListRequired` sends an empty
    /// `PolicyInputList` as `PolicyInputList=` (SimulateCustomPolicy requires it).
    func append(to parameters: inout QueryParameters, policyInputListRequired: Bool, marker: String?) {
        if policyInputListRequired {
            parameters.addList("PolicyInputList", policyInputList)
        } else {
            parameters.addListIfPresent("PolicyInputList", policyInputList)
        }
        parameters.addListIfPresent("PermissionsBoundaryPolicyInputList", permissionsBoundaryPolicyInputList)
        parameters.addList("ActionNames", actionNames)
        parameters.addListIfPresent("ResourceArns", resourceArns)
        parameters.add("ResourcePolicy", resourcePolicy)
        parameters.add("ResourceOwner", resourceOwner)
        parameters.add("CallerArn", callerArn)
        if !contextEntries.isEmpty {
            parameters.addList("ContextEntries", contextEntries) { entry, prefix, parameters in
                parameters.add("\(prefix).ContextKeyName", entry.name)
                parameters.addList("\(prefix).ContextKeyValues", entry.values)
                parameters.add("\(prefix).ContextKeyType", entry.type.rawValue)
            }
        }
        parameters.add("ResourceHandlingOption", resourceHandlingOption)
        parameters.add("MaxItems", maxItems)
        parameters.add("Marker", marker)
    }
}

/// The input of `SimulatePrincipalPolicy`.
public struct SimulatePrincipalPolicyRequest: Sendable, Hashable {
    /// `PolicySourceArn`: the user, group or role whose policies are simulated.
    public var policySourceArn: String
    /// Everything else.
    public var options: SimulationOptions

    public init(policySourceArn: String, options: SimulationOptions) {
        self.policySourceArn = policySourceArn
        self.options = options
    }

    /// The query parameters for the page after `marker`.
    public func parameters(marker: String? = nil) -> QueryParameters {
        var parameters = QueryParameters(action: "SimulatePrincipalPolicy", version: IAMClient.apiVersion)
        parameters.add("PolicySourceArn", policySourceArn)
        options.append(to: &parameters, policyInputListRequired: false, marker: marker)
        return parameters
    }
}

/// The input of `SimulateCustomPolicy`: `options.policyInputList` holds the identity policies simulated.
public struct SimulateCustomPolicyRequest: Sendable, Hashable {
    /// All parameters; `policyInputList` and `actionNames` are required.
    public var options: SimulationOptions

    public init(options: SimulationOptions) {
        self.options = options
    }

    /// The query parameters for the page after `marker`.
    public func parameters(marker: String? = nil) -> QueryParameters {
        var parameters = QueryParameters(action: "SimulateCustomPolicy", version: IAMClient.apiVersion)
        options.append(to: &parameters, policyInputListRequired: true, marker: marker)
        return parameters
    }
}

// MARK: - Simulation results

/// A line and column in a policy document (`Position`).
public struct PolicyPosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init?(xml: XMLElement?) {
        guard let xml, let line = xml.int(at: "Line"), let column = xml.int(at: "Column") else { return nil }
        self.init(line: line, column: column)
    }
}

/// A statement that decided a simulation (`Statement`).
public struct MatchedStatement: Sendable, Hashable {
    /// `SourcePolicyId`, for example a policy name, `PolicyInputList.1` or `ResourcePolicy`.
    public var sourcePolicyId: String?
    /// `SourcePolicyType`, kept as AWS sent it (the model's enum is not exhaustive in practice).
    public var sourcePolicyType: String?
    /// `StartPosition`.
    public var startPosition: PolicyPosition?
    /// `EndPosition`.
    public var endPosition: PolicyPosition?

    public init(
        sourcePolicyId: String? = nil, sourcePolicyType: String? = nil, startPosition: PolicyPosition? = nil,
        endPosition: PolicyPosition? = nil
    ) {
        self.sourcePolicyId = sourcePolicyId
        self.sourcePolicyType = sourcePolicyType
        self.startPosition = startPosition
        self.endPosition = endPosition
    }

    init(xml: XMLElement) {
        self.init(
            sourcePolicyId: xml.value(at: "SourcePolicyId"), sourcePolicyType: xml.value(at: "SourcePolicyType"),
            startPosition: PolicyPosition(xml: xml.child("StartPosition")),
            endPosition: PolicyPosition(xml: xml.child("EndPosition")))
    }
}

/// The result for one resource of a simulated action (`ResourceSpecificResult`).
public struct ResourceSpecificResult: Sendable, Hashable {
    /// `EvalResourceName`.
    public var resource: String
    /// `EvalResourceDecision`: `allowed`, `explicitDeny`, `implicitDeny` or whatever else AWS sends.
    public var decision: String
    /// `MatchedStatements`.
    public var matchedStatements: [MatchedStatement]
    /// `MissingContextValues`.
    public var missingContextValues: [String]
    /// `EvalDecisionDetails`: decision per policy kind (`IAM Policy`, `Resource Policy`, …).
    public var decisionDetails: [String: String]
    /// `PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary`.
    public var allowedByPermissionsBoundary: Bool?

    init(xml: XMLElement) {
        resource = xml.value(at: "EvalResourceName") ?? ""
        decision = xml.value(at: "EvalResourceDecision") ?? ""
        matchedStatements = xml.members("MatchedStatements").map(MatchedStatement.init(xml:))
        missingContextValues = xml.memberValues("MissingContextValues")
        decisionDetails = xml.mapValues("EvalDecisionDetails")
        allowedByPermissionsBoundary = xml.child("PermissionsBoundaryDecisionDetail")?
            .bool(at: "AllowedByPermissionsBoundary")
    }
}

/// The result of simulating one action on one resource (`EvaluationResult`).
public struct SimulationResult: Sendable, Hashable {
    /// `EvalActionName`.
    public var action: String
    /// `EvalResourceName`.
    public var resource: String?
    /// `EvalDecision`: `allowed`, `explicitDeny`, `implicitDeny` or whatever else AWS sends.
    public var decision: String
    /// `MatchedStatements`.
    public var matchedStatements: [MatchedStatement]
    /// `MissingContextValues`.
    public var missingContextValues: [String]
    /// `EvalDecisionDetails`: decision per policy kind (`IAM Policy`, `Resource Policy`, …).
    public var decisionDetails: [String: String]
    /// `OrganizationsDecisionDetail.AllowedByOrganizations`; `nil` when absent.
    public var allowedByOrganizations: Bool?
    /// `PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary`; `nil` when absent.
    public var allowedByPermissionsBoundary: Bool?
    /// `ResourceSpecificResults`.
    public var resourceSpecificResults: [ResourceSpecificResult]

    /// Whether the decision is `allowed`.
    public var isAllowed: Bool { decision == "allowed" }

    /// Reads one `<member>` of `EvaluationResults`.
    public init(xml: XMLElement) {
        action = xml.value(at: "EvalActionName") ?? ""
        resource = xml.value(at: "EvalResourceName")
        decision = xml.value(at: "EvalDecision") ?? ""
        matchedStatements = xml.members("MatchedStatements").map(MatchedStatement.init(xml:))
        missingContextValues = xml.memberValues("MissingContextValues")
        decisionDetails = xml.mapValues("EvalDecisionDetails")
        allowedByOrganizations = xml.child("OrganizationsDecisionDetail")?.bool(at: "AllowedByOrganizations")
        allowedByPermissionsBoundary = xml.child("PermissionsBoundaryDecisionDetail")?
            .bool(at: "AllowedByPermissionsBoundary")
        resourceSpecificResults = xml.members("ResourceSpecificResults").map(ResourceSpecificResult.init(xml:))
    }
}

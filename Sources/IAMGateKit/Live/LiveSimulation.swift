import AWSCore
import AWSServices
import IAMPolicy
import ServiceReference

/// A `SimulatePrincipalPolicy` call shared by requests with the same context: every action against every resource.
public struct SimulationBatch: Sendable, Hashable {
    public var context: [ContextEntry]
    public var actions: [String]
    public var resources: [String]
}

/// Who AWS simulates and with which extra inputs.
public struct SimulationSubject: Sendable {
    /// `PolicySourceArn`: the user, group or role whose policies AWS evaluates.
    public var policySourceARN: String
    /// `PolicyInputList`: extra identity policies (JSON text).
    public var extraPolicies: [String] = []
    /// `PermissionsBoundaryPolicyInputList`: a boundary replacing the attached one.
    public var boundary: String?
    /// `ResourcePolicy`, with `ResourceOwner` and `CallerArn` (a user) when given.
    public var resourcePolicy: String?
    public var resourceOwner: String?
    public var callerARN: String?

    public init(policySourceARN: String) {
        self.policySourceARN = policySourceARN
    }
}

/// Asks `SimulatePrincipalPolicy` about many requests in as few calls as possible: requests are grouped by their
/// context entries (the other inputs are the same for a whole check), and each group is one call naming all its
/// actions and resources — AWS evaluates every action against every resource (`ActionNames` × `ResourceArns`), and
/// iamgate reads back the pairs it asked about. Identical requests are asked once.
public enum LiveSimulator {
    /// The calls for `requests`, in first-seen order.
    public static func batches(for requests: [SimulatedRequest]) -> [SimulationBatch] {
        var order: [[ContextEntry]] = []
        var groups: [[ContextEntry]: (actions: [String], resources: [String])] = [:]
        for request in requests {
            if groups[request.context] == nil {
                order.append(request.context)
                groups[request.context] = ([], [])
            }
            if !(groups[request.context]?.actions.contains(request.action) ?? true) {
                groups[request.context]?.actions.append(request.action)
            }
            if !(groups[request.context]?.resources.contains(request.resource) ?? true) {
                groups[request.context]?.resources.append(request.resource)
            }
        }
        return order.map { context in
            SimulationBatch(
                context: context, actions: groups[context]?.actions ?? [], resources: groups[context]?.resources ?? [])
        }
    }

    /// AWS's decision for each request, in the order given. `progress` is told after each call (done, total).
    public static func simulate(
        _ requests: [SimulatedRequest], subject: SimulationSubject, session: AWSSession,
        progress: ((Int, Int) -> Void)? = nil
    ) throws(RuntimeError) -> [LiveDecision] {
        let client = try session.iam()
        let batches = batches(for: requests)
        var answers: [SimulatedRequest: LiveDecision] = [:]
        for (index, batch) in batches.enumerated() {
            var options = SimulationOptions(actionNames: batch.actions)
            // `*` alone is the default; sending it changes nothing but is spelled out when mixed with ARNs.
            options.resourceArns = batch.resources == ["*"] ? [] : batch.resources
            options.contextEntries = batch.context
            options.policyInputList = subject.extraPolicies
            options.permissionsBoundaryPolicyInputList = subject.boundary.map { [$0] } ?? []
            options.resourcePolicy = subject.resourcePolicy
            options.resourceOwner = subject.resourceOwner
            options.callerArn = subject.callerARN
            let request = SimulatePrincipalPolicyRequest(policySourceArn: subject.policySourceARN, options: options)
            let results = try session.call("iam SimulatePrincipalPolicy for \(subject.policySourceARN)") {
                () throws(AWSServiceError) in try client.simulatePrincipalPolicy(request)
            }
            for action in batch.actions {
                for resource in batch.resources {
                    let asked = SimulatedRequest(action: action, resource: resource, context: batch.context)
                    guard let decision = decision(for: asked, in: results, singleResource: batch.resources.count == 1)
                    else {
                        throw RuntimeError(
                            "iam SimulatePrincipalPolicy answered without a result for \(action) on \(resource)")
                    }
                    answers[asked] = decision
                }
            }
            progress?(index + 1, batches.count)
        }
        return requests.map { request in
            // Every request is in a batch, and every batch pair was answered above (or the call threw).
            answers[request]
                ?? LiveDecision(
                    rawDecision: "", decision: nil, matchedStatements: [], missingContextValues: [],
                    allowedByOrganizations: nil, allowedByPermissionsBoundary: nil, decisionDetails: [:],
                    simulated: request)
        }
    }

    /// The result for one action×resource pair. AWS lays results out two ways: one `EvaluationResult` per action with
    /// a `ResourceSpecificResults` member per resource, or one `EvaluationResult` per pair naming its resource; with
    /// a single resource the action's result is the pair's.
    static func decision(for asked: SimulatedRequest, in results: [SimulationResult], singleResource: Bool)
        -> LiveDecision?
    {
        let forAction = results.filter { $0.action.lowercased() == asked.action.lowercased() }
        for result in forAction {
            if let specific = result.resourceSpecificResults.first(where: { $0.resource == asked.resource }) {
                return LiveDecision(
                    rawDecision: specific.decision, decision: EvalDecision(rawValue: specific.decision),
                    matchedStatements: specific.matchedStatements,
                    missingContextValues: specific.missingContextValues + result.missingContextValues,
                    allowedByOrganizations: result.allowedByOrganizations,
                    allowedByPermissionsBoundary: specific.allowedByPermissionsBoundary
                        ?? result.allowedByPermissionsBoundary,
                    decisionDetails: specific.decisionDetails.isEmpty
                        ? result.decisionDetails : specific.decisionDetails,
                    simulated: asked)
            }
        }
        let whole =
            forAction.first { $0.resource == asked.resource }
            ?? (singleResource && forAction.count == 1 ? forAction.first : nil)
        guard let result = whole else { return nil }
        return LiveDecision(
            rawDecision: result.decision, decision: EvalDecision(rawValue: result.decision),
            matchedStatements: result.matchedStatements, missingContextValues: result.missingContextValues,
            allowedByOrganizations: result.allowedByOrganizations,
            allowedByPermissionsBoundary: result.allowedByPermissionsBoundary, decisionDetails: result.decisionDetails,
            simulated: asked)
    }

    /// The context entries for a request's context, typed from the service reference's condition-key types (a key
    /// the reference does not know is a string, or a string list when it holds a set), sorted by name.
    public static func contextEntries(_ context: [String: ContextValue]) -> [ContextEntry] {
        context.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { key, value in
            ContextEntry(name: key, values: value.values, type: entryType(key: key, value: value))
        }
    }

    static func entryType(key: String, value: ContextValue) -> ContextEntry.KeyType {
        let declared = ServiceReference.shared.conditionKey(key)?.type ?? ""
        let list = value.isSet || declared.hasPrefix("ArrayOf")
        let base = declared.hasPrefix("ArrayOf") ? String(declared.dropFirst("ArrayOf".count)) : declared
        switch base.lowercased() {
        case "bool", "boolean": return list ? .booleanList : .boolean
        case "numeric", "long", "integer": return list ? .numericList : .numeric
        case "date": return list ? .dateList : .date
        case "ipaddress", "ip": return list ? .ipList : .ip
        case "binary": return list ? .binaryList : .binary
        default: return list ? .stringList : .string
        }
    }

    /// The ARN sent for a partly known resource: each unknown part becomes `*`. AWS's simulator matches policy
    /// patterns against this text literally, so its answer holds for the pattern, not for every ARN it stands for.
    public static func simulatedResource(_ template: PartialValue) -> String {
        template.parts.map { part in
            switch part {
            case .literal(let text): return text
            case .unknown: return "*"
            }
        }.joined()
    }
}

import IAMPolicy

/// A value an operation is built from: fully known, partly known, or unknown. Parts that nobody knows carry the
/// name they were asked for by (a template variable, a flag), so reports can say what to supply.
public struct InputValue: Sendable, Hashable, CustomStringConvertible {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case unknown(String)
    }

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    public static func known(_ text: String) -> InputValue { InputValue(parts: [.literal(text)]) }
    public static func unknown(_ name: String) -> InputValue { InputValue(parts: [.unknown(name)]) }

    /// The text when every part is known.
    public var knownText: String? {
        var text = ""
        for part in parts {
            guard case .literal(let literal) = part else { return nil }
            text += literal
        }
        return text
    }

    public var description: String {
        parts.map {
            switch $0 {
            case .literal(let text): return text
            case .unknown(let name): return "{{ \(name) }}"
            }
        }.joined()
    }

    /// The value as a resource template: unknown parts become placeholders named after them.
    public var template: ResourceTemplate {
        ResourceTemplate(
            parts: parts.map {
                switch $0 {
                case .literal(let text): return .literal(text)
                case .unknown(let name): return .placeholder(name)
                }
            })
    }
}

/// Why a request is part of an operation.
public enum RequestRole: String, Sendable, Hashable, Codable {
    /// The Cloud Control API call StackQL makes (`cloudformation:CreateResource`…).
    case cloudControl
    /// Following a mutation to completion (`cloudformation:GetResourceRequestStatus`).
    case followUp
    /// A permission the resource's CloudFormation handler documents, made with the caller's credentials.
    case handler
}

/// How much an operation depends on a request.
public enum Necessity: Sendable, Hashable {
    /// The operation fails without it.
    case required
    /// Needed only in a situation iamgate cannot see (e.g. the service-linked role does not exist yet); if denied,
    /// the operation is undetermined rather than denied.
    case situational(String)
    /// Not made for this statement (e.g. no `ExecutionRole`, so no `iam:PassRole`); reported, not evaluated.
    case notNeeded(String)

    /// Why the request is not made, when it is not; `nil` when it is (always, or in a situation).
    public var notNeededReason: String? {
        if case .notNeeded(let why) = self { return why }
        return nil
    }
}

/// One authorization request an operation makes, as far as it is known before anything runs.
public struct RequiredRequest: Sendable, Hashable {
    public var action: String
    /// The resource: concrete, or a template whose placeholders are unknown.
    public var resource: ResourceTemplate
    /// Context values known for this request.
    public var context: [String: ContextValue]
    /// Keys known to be absent from the real request (`aws:RequestTag/*` when the statement sets no tags). Other
    /// absent keys are unknown. Lowercased; a trailing `*` covers a prefix.
    public var knownAbsentKeys: [String]
    /// The service-specific condition keys the action supports; other service keys are known to be absent.
    public var applicableServiceKeys: [String]?
    public var role: RequestRole
    public var necessity: Necessity
    /// Why the request is made, in words: "create handler permission; ImageRecipeArn from the statement".
    public var reason: String

    public init(
        action: String, resource: ResourceTemplate, context: [String: ContextValue] = [:],
        knownAbsentKeys: [String] = [], role: RequestRole, necessity: Necessity = .required, reason: String
    ) {
        self.action = action
        self.resource = resource
        self.context = context
        self.knownAbsentKeys = knownAbsentKeys
        self.role = role
        self.necessity = necessity
        self.reason = reason
    }
}

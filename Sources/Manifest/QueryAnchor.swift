/// The anchor (`/*+ create */`) that names a query of a stackql-deploy resource file, and so when it runs.
public enum QueryAnchor: String, Sendable, Hashable, CaseIterable {
    /// Does the resource exist? (`preflight` is its older name.)
    case exists
    case create
    case update
    /// An idempotent create-or-update that replaces `create` and `update`.
    case createorupdate
    /// Is the resource in the desired state? (`postdeploy` is its older name.)
    case statecheck
    /// The values later resources use.
    case exports
    case delete
    /// The query of a `command` resource.
    case command
    /// Polls the outcome of any create, update or delete that returned a handle (`RETURNING *`).
    case callback
    case callbackCreate = "callback:create"
    case callbackUpdate = "callback:update"
    case callbackDelete = "callback:delete"

    /// Older names stackql-deploy still accepts.
    public static let aliases: [String: QueryAnchor] = ["preflight": .exists, "postdeploy": .statecheck]

    /// The anchor a written key names (case-insensitive, aliases resolved), or `nil`.
    public init?(written: String) {
        let key = written.lowercased()
        if let alias = Self.aliases[key] {
            self = alias
        } else if let anchor = QueryAnchor(rawValue: key) {
            self = anchor
        } else {
            return nil
        }
    }

    /// The options each anchor takes: `retries` and `retry_delay` everywhere, the post-delete wait on `exists`, the
    /// short circuit on callbacks.
    var optionNames: [String] {
        var names = ["retries", "retry_delay"]
        switch self {
        case .exists, .statecheck: names += ["postdelete_retries", "postdelete_retry_delay"]
        case .callback, .callbackCreate, .callbackUpdate, .callbackDelete:
            names += ["short_circuit_field", "short_circuit_value"]
        default: break
        }
        return names
    }
}

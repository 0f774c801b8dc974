import Catalog

extension ActionsReport {
    /// A readable list: per method, the SQL that reaches it, its required params, the Cloud Control call and
    /// the handler's permissions in columns (action, resource type, ARN template).
    public func text(style: Style) -> String {
        var output = style.bold(resource.id) + " — \(resource.cloudFormationType), identifier \(resource.identifier)\n"
        let permissions = operations.flatMap(\.permissions)
        let actionWidth = permissions.map(\.action.count).max() ?? 0
        let typeWidth = permissions.flatMap(\.resourceTypes).map(\.label.count).max() ?? 0
        for operation in operations {
            let method = operation.method
            output +=
                "\n" + style.bold(method.name) + "  " + Self.sql(verb: method.sqlVerb, table: operation.table) + "\n"
            output +=
                "  required params  \(method.requiredParams.isEmpty ? "none" : method.requiredParams.joined(separator: ", "))\n"
            var call = method.cloudControl.action
            if !method.cloudControl.followUpActions.isEmpty {
                call += ", then " + method.cloudControl.followUpActions.joined(separator: ", ")
            }
            output += "  cloud control    \(call)\n"
            let count = method.permissions.count
            output += "  permissions      \(count) from the \(method.handler) handler\n"
            for permission in operation.permissions {
                output += Self.lines(for: permission, actionWidth: actionWidth, typeWidth: typeWidth, style: style)
            }
        }
        return output
    }

    static func sql(verb: String, table: String) -> String {
        switch verb {
        case "SELECT": return "SELECT … FROM \(table)"
        case "DELETE": return "DELETE FROM \(table)"
        case "INSERT": return "INSERT INTO \(table)"
        default: return "\(verb) \(table)"
        }
    }

    static func lines(for permission: Permission, actionWidth: Int, typeWidth: Int, style: Style) -> String {
        let action = "    " + pad(permission.action, actionWidth) + "  "
        guard permission.known else {
            return action + style.yellow("? unknown to the service reference") + "\n"
        }
        guard !permission.wildcardOnly else {
            return action + "*  " + style.dim("wildcard-only: only \"Resource\": \"*\" grants it") + "\n"
        }
        let blank = String(repeating: " ", count: action.count)
        var output = ""
        for (index, type) in permission.resourceTypes.enumerated() {
            output +=
                (index == 0 ? action : blank) + pad(type.label, typeWidth) + "  "
                + style.dim(type.arnTemplate ?? "(no ARN template in the service reference)") + "\n"
        }
        return output
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

extension ActionsReport.ResourceType {
    /// `image (required)` or `image`.
    var label: String { required ? "\(name) (required)" : name }
}

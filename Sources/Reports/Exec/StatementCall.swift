import JSON

/// The Cloud Control call one checked statement makes, built from the very statement the check evaluated (no second
/// templating pass): INSERT → CreateResource with `DesiredState` from its columns, UPDATE → UpdateResource with its
/// `PatchDocument`, DELETE → DeleteResource, SELECT on the resource's table → GetResource, on its list view →
/// ListResources (`stackql-and-imagebuilder.md` §1.2). The statement's `region` picks the endpoint's region.
public struct StatementCall: Sendable, Hashable {
    /// The Cloud Control operations a statement can make.
    public enum Operation: String, Sendable, Hashable, Codable {
        case createResource = "CreateResource"
        case updateResource = "UpdateResource"
        case deleteResource = "DeleteResource"
        case getResource = "GetResource"
        case listResources = "ListResources"

        /// Create, update and delete change something; they are followed to a final state and audited.
        public var mutates: Bool {
            self == .createResource || self == .updateResource || self == .deleteResource
        }
    }

    public var operation: Operation
    /// The region whose Cloud Control endpoint receives the call.
    public var region: String
    /// The CloudFormation type, `AWS::ImageBuilder::Image`.
    public var typeName: String
    /// The primary identifier (update, delete, get).
    public var identifier: String?
    /// CreateResource: the properties as compact JSON text.
    public var desiredState: String?
    /// UpdateResource: the RFC 6902 document as compact JSON text.
    public var patchDocument: String?
    public var roleArn: String?
    /// SELECT: the columns to print as StackQL names them; empty for `*`.
    public var columns: [String] = []

    public init(
        operation: Operation, region: String, typeName: String, identifier: String? = nil,
        desiredState: String? = nil, patchDocument: String? = nil, roleArn: String? = nil, columns: [String] = []
    ) {
        self.operation = operation
        self.region = region
        self.typeName = typeName
        self.identifier = identifier
        self.desiredState = desiredState
        self.patchDocument = patchDocument
        self.roleArn = roleArn
        self.columns = columns
    }

    /// The call's request members in the order of the Cloud Control model (`cloudcontrol.service-2.json`), without
    /// `ClientToken` (added per submission) and without paging members.
    public var members: [(String, JSONOutput)] {
        var members: [(String, JSONOutput)] = [("TypeName", .string(typeName))]
        if let roleArn { members.append(("RoleArn", .string(roleArn))) }
        if let identifier { members.append(("Identifier", .string(identifier))) }
        if let patchDocument { members.append(("PatchDocument", .string(patchDocument))) }
        if let desiredState { members.append(("DesiredState", .string(desiredState))) }
        return members
    }
}

/// Why a checked statement cannot become a Cloud Control call.
public enum StatementCallProblem: Error, Sendable, Hashable {
    /// A value the call needs is not known (an unresolved template): the gate stays closed as undetermined until it is
    /// supplied (`--var`).
    case unknownValue(column: String, names: [String], location: SourceLocation)
    /// A value that cannot be sent as its column needs (malformed JSON, an invalid patch document, a type mismatch).
    case invalid(message: String, location: SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .unknownValue(_, _, let location), .invalid(_, let location): return location
        }
    }

    /// One sentence, without the statement's place.
    public var message: String {
        switch self {
        case .unknownValue(let column, let names, _):
            let list = names.map { "{{ \($0) }}" }.joined(separator: ", ")
            let supply = names.filter { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }.map {
                "--var \($0)=…"
            }
            let hint = supply.isEmpty ? "" : " (give \(supply.joined(separator: " ")))"
            return "the value of \(column) is not known (\(list)), so the call cannot be built\(hint)"
        case .invalid(let message, _):
            return message
        }
    }
}

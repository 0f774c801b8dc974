import Catalog

/// `iamgate policy`: the least-privilege identity policy for operations on a StackQL resource. It allows every request
/// the operations (or SQL statements) make — required and situational ones — and nothing else: resources narrowed as
/// far as the inputs say (unknown parts become `*`), and the conditions the requests carry (`iam:PassedToService`,
/// `iam:AWSServiceName`, the statement's request tags). Data only: IAMGateKit builds it (`generate`,
/// `init(resource:requests:)`); `json`, `document` and `text` render it.
public struct LeastPrivilegePolicy: Sendable {
    /// One request the policy is built from, and the operation (and statement) that makes it.
    public struct CoveredRequest: Sendable, Hashable {
        public var operation: String
        public var statement: StatementOrigin?
        public var request: RequiredRequest

        public init(operation: String, statement: StatementOrigin?, request: RequiredRequest) {
            self.operation = operation
            self.statement = statement
            self.request = request
        }
    }

    /// One key of a condition block: `StringEquals` `iam:PassedToService` `imagebuilder.amazonaws.com`.
    public struct Condition: Sendable, Hashable {
        public var conditionOperator: String
        public var key: String
        public var values: [String]
        /// A multivalued key (`aws:TagKeys`): written as an array even with one value.
        public var isSet: Bool

        public init(conditionOperator: String, key: String, values: [String], isSet: Bool) {
            self.conditionOperator = conditionOperator
            self.key = key
            self.values = values
            self.isSet = isSet
        }
    }

    /// One `Allow` statement, with the requests it is there for.
    public struct Statement: Sendable, Hashable {
        public var sid: String
        /// Sorted, case-insensitively unique.
        public var actions: [String]
        /// Sorted; `["*"]` alone for actions without resource-level permissions (or with an unknown resource).
        public var resources: [String]
        /// Sorted by operator, then key.
        public var conditions: [Condition]
        public var covers: [CoveredRequest]

        public init(
            sid: String, actions: [String], resources: [String], conditions: [Condition], covers: [CoveredRequest]
        ) {
            self.sid = sid
            self.actions = actions
            self.resources = resources
            self.conditions = conditions
            self.covers = covers
        }
    }

    /// The catalog resource the operations act on (`awscc.imagebuilder.images`).
    public var resource: String
    public var statements: [Statement]
    /// Requests the operations do not make for these statements (`notNeeded`), left out of the policy.
    public var skipped: [CoveredRequest]

    public init(resource: String, statements: [Statement], skipped: [CoveredRequest]) {
        self.resource = resource
        self.statements = statements
        self.skipped = skipped
    }
}

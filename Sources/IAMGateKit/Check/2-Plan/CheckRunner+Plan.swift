import Catalog
import IAMPolicy
import StackQL

/// Stage 2's inputs: the request builder's partition, Region, account and context, the selected methods, and the
/// requests of one operation.
extension CheckRunner {
    /// Partition, region, account and context for building requests: the account is `--account`, else the
    /// principal's.
    static func operationInputs(_ options: CheckOptions, _ principal: Principal) throws(InputError) -> OperationInputs {
        if let region = options.region,
            let problem = ValueValidator().regionProblem(region, key: "--region", partition: principal.partition)
        {
            throw InputError(problem)
        }
        if let account = options.account, !ValueValidator.isAccountID(account) {
            throw InputError("--account '\(account)' is not an account id (12 digits, e.g. 111122223333)")
        }
        var inputs = OperationInputs(
            partition: principal.partition,
            region: options.region.map(PartialValue.known) ?? .unknown("region"),
            account: .known(options.account ?? principal.account ?? ""),
            context: try parseContext(options.context))
        if options.account == nil && principal.account == nil {
            inputs.account = .unknown("account")
        }
        return inputs
    }

    /// The requests one operation makes (the request builder's), its errors placed at the statement.
    static func operationRequests(
        method: ResourceMethod, resource: ResourceDefinition, inputs: OperationInputs, origin: StatementOrigin?
    ) throws(InputError) -> [RequiredRequest] {
        do {
            return try RequestBuilder().requests(for: resource, method: method, inputs: inputs)
        } catch let error {
            let place = origin.map { "sql '\($0.source)' line \($0.location.line):\($0.location.column): " } ?? ""
            throw InputError(place + error.message, cause: error)
        }
    }

    static func selectedMethods(_ names: [String], resource: ResourceDefinition) throws(InputError) -> [ResourceMethod]
    {
        if names.isEmpty { return resource.methods }
        var methods: [ResourceMethod] = []
        for name in names {
            guard let method = resource.method(name) else {
                let known = resource.methods.map(\.name).joined(separator: ", ")
                throw InputError("unknown operation '\(name)' for \(resource.id) (expected one of: \(known))")
            }
            methods.append(method)
        }
        return methods
    }
}

import Foundation
import IAMPolicy
import Manifest

/// Stage 1's parsing of what the options give as text: the SQL, context entries, template variables and a
/// stackql-deploy project.
extension CheckRunner {
    static func sqlText(sql: String?, sqlFile: String?) throws(InputError) -> (String, String)? {
        if let sql { return (sql, "--sql") }
        guard let path = sqlFile else { return nil }
        let bytes = try FileInput.read(path, what: "sql file")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError("sql file '\(path)' is not valid UTF-8")
        }
        return (text, path)
    }

    /// `KEY=VALUE`; a value written `[a,b]` is a set (multivalued key such as `aws:TagKeys`).
    static func parseContext(_ entries: [String]) throws(InputError) -> [String: ContextValue] {
        var context: [String: ContextValue] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw InputError("--context '\(entry)' must be KEY=VALUE, e.g. aws:SourceIp=203.0.113.7")
            }
            let key = String(entry[entry.startIndex..<equals])
            let value = String(entry[entry.index(after: equals)...])
            if value.hasPrefix("[") && value.hasSuffix("]") {
                let items = value.dropFirst().dropLast().split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                context[key] = ContextValue(set: items.filter { !$0.isEmpty })
            } else {
                context[key] = ContextValue(value)
            }
        }
        return context
    }

    /// The statements a stackql-deploy build (or teardown) of the project in `directory` would run.
    public static func deploymentPlan(
        directory: String, environment: String?, externals: [String], teardown: Bool
    ) throws(InputError) -> DeploymentPlan {
        var values: [String: String] = [:]
        for entry in externals {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw InputError("-e '\(entry)' must be KEY=VALUE, e.g. -e AWS_REGION=us-east-1")
            }
            values[String(entry[entry.startIndex..<equals])] = String(entry[entry.index(after: equals)...])
        }
        do {
            return try DeploymentPlan.load(
                directory: directory, command: teardown ? .teardown : .build,
                inputs: DeploymentInputs(environment: environment, externals: values))
        } catch let error {
            throw InputError(error)
        }
    }

    static func parseVariables(_ entries: [String]) throws(InputError) -> [String: String] {
        var variables: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw InputError("--var '\(entry)' must be NAME=VALUE, e.g. region=us-east-1")
            }
            variables[String(entry[entry.startIndex..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return variables
    }
}

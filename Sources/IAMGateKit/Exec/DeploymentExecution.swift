import AWSServices
import Catalog
import Foundation
import JSON
import Manifest
import StackQL

/// `iamgate exec --manifest`: runs a stackql-deploy build or teardown through the open gate as stackql-deploy runs it,
/// statement by statement, each one a statement the check evaluated.
///
/// build, per resource in manifest order (stackql-deploy `website/docs/resource-query-files.md`): the exists query
/// decides ("a count value of 1 indicates that the resource exists"): create when it does not, else update when the
/// statecheck (one attempt) does not find the resource in its desired state; `createorupdate` always runs. After a
/// create or update the statecheck runs with its `retries` and `retry_delay` and must count 1, or the build fails.
/// Then the exports query, which must return one row. teardown: every resource's exports first, in manifest order,
/// then in reverse order the exists check, the delete when it counts 1, and the exists check again with
/// `postdelete_retries` (default 10) and `postdelete_retry_delay` (default 5 s) until it counts 0. The first
/// statement that fails stops the run.
struct DeploymentExecution {
    let plan: DeploymentPlan
    /// Resource name → anchor name → indices into the report's steps, in statement order.
    let sections: [String: [String: [Int]]]
    /// Per step, the StackQL resource its statement reaches (its rows' columns).
    let resources: [ResourceDefinition]
    /// The exists and statecheck steps, each as the count iamgate decides it.
    let counts: [Int: RowCount]
    private var stopped = false

    var command: String { plan.command.rawValue }

    /// The execution of `plan`, whose statements the check turned into `operations` (one report step each). An exists
    /// or statecheck query exec cannot decide (no `count` column, a condition iamgate does not evaluate, a section of
    /// several statements or of none that reads a table) is bad input: one sentence at its line, nothing sent.
    static func make(
        plan: DeploymentPlan, operations: [PlannedOperation], resource: ResourceDefinition
    ) throws(InputError) -> DeploymentExecution {
        var sections: [String: [String: [Int]]] = [:]
        var counts: [Int: RowCount] = [:]
        for (index, operation) in operations.enumerated() {
            guard let step = operation.origin?.deployment else { continue }
            sections[step.resource, default: [:]][step.anchor, default: []].append(index)
        }
        for planned in plan.statements where planned.anchor == .exists || planned.anchor == .statecheck {
            let indices = sections[planned.resource]?[planned.anchorName] ?? []
            let place = "query file '\(planned.path)' line \(planned.line)"
            guard indices.count == 1, let index = indices.first, let statement = operations[index].statement else {
                let found = indices.isEmpty ? "none that reads a table" : "\(indices.count) statements"
                throw InputError(
                    "\(place): exec decides \(planned.resource).\(planned.anchorName) by one SELECT … count query "
                        + "on a StackQL resource, as stackql-deploy does, but it holds \(found)")
            }
            do {
                counts[index] = try RowCount.make(statement.statement, source: planned.path)
            } catch {
                throw InputError(error)
            }
        }
        return DeploymentExecution(
            plan: plan, sections: sections, resources: operations.map { $0.resource ?? resource }, counts: counts)
    }

    // MARK: - Gate

    /// The gate once the check's gate is open: a resource whose `if:` condition is not known before the run, or an
    /// exists or statecheck condition that uses a value nobody knows, keeps it closed (what runs cannot be decided).
    /// A call that needs an unknown value is named with stackql-deploy's words (`-e NAME=VALUE`, not `--var`).
    func gate(_ report: ExecReport, checked: Gate) -> Gate {
        if case .closed(let index, .unknownValue) = checked,
            let step = report.steps.first(where: { $0.index == index }),
            case .failure(.unknownValue(let column, let names, _)) = step.call
        {
            return .closed(
                statement: index,
                reason: .unknownValue(.deploymentCall(column: column, names: unknowns(names))))
        }
        guard case .open = checked else { return checked }
        for planned in plan.statements {
            guard let condition = planned.condition,
                let index = sections[planned.resource]?.values.flatMap({ $0 }).min()
            else { continue }
            return .closed(
                statement: index + 1,
                reason: .unknownValue(.condition(resource: planned.resource, condition: condition)))
        }
        for index in counts.keys.sorted() {
            guard let count = counts[index], !count.unknownNames.isEmpty else { continue }
            let anchor = report.steps[index].outcome.statement?.deployment?.anchor ?? "exists"
            return .closed(
                statement: index + 1,
                reason: .unknownValue(
                    .counts(anchor: anchor, names: unknowns(count.unknownNames), command: command)))
        }
        return .open
    }

    /// Each name with why it is unknown (the plan's words).
    func unknowns(_ names: [String]) -> [UnknownValueReason.Name] {
        names.map { name in
            UnknownValueReason.Name(name: name, reason: plan.unknownValues.first { $0.name == name }?.reason)
        }
    }

    // MARK: - Run

    /// Runs the build or teardown; every statement it does not run says why.
    mutating func run(_ report: inout ExecReport, executor: inout Executor) {
        switch plan.command {
        case .build: build(&report, &executor)
        case .teardown: teardown(&report, &executor)
        }
        let failed = report.steps.first { $0.status == .failed || $0.status == .timedOut }
        for index in report.steps.indices where report.steps[index].status == .notRun {
            guard report.steps[index].why.isEmpty else { continue }
            if let failed {
                report.steps[index].why = [.stopped(command: command, statement: failed.index)]
            } else {
                report.steps[index].why = [.notNeeded(command: command)]
            }
        }
    }

    private func indices(_ resource: String, _ anchor: String) -> [Int] {
        sections[resource]?[anchor] ?? []
    }

    /// An option of a section (`retries=5`), as stackql-deploy reads it: a whole number, or `fallback`.
    private func option(_ report: ExecReport, _ index: Int, _ name: String, _ fallback: Int) -> Int {
        let written = report.steps[index].outcome.statement?.deployment?.options ?? []
        for option in written where option.hasPrefix(name + "=") {
            if let value = Int(option.dropFirst(name.count + 1)) { return value }
        }
        return fallback
    }

    private mutating func build(_ report: inout ExecReport, _ executor: inout Executor) {
        for resource in plan.project.resources where !stopped {
            guard sections[resource.name] != nil else { continue }
            switch resource.kind {
            case .query:
                let exports = indices(resource.name, "exports") + indices(resource.name, "sql")
                readExports(exports, resource: resource, required: true, &report, &executor)
            case .command:
                let commands = indices(resource.name, "command") + indices(resource.name, "sql")
                for index in commands where !stopped {
                    report.steps[index].why = [.commandResource]
                    stopped = executor.execute(&report.steps[index])
                }
            case .resource, .multi:
                buildResource(resource, &report, &executor)
            case .script:
                break
            }
        }
    }

    private mutating func buildResource(
        _ resource: ManifestResource, _ report: inout ExecReport, _ executor: inout Executor
    ) {
        let name = resource.name
        for anchor in ["callback", "callback:create", "callback:update"] {
            for index in indices(name, anchor) {
                report.steps[index].why = [.callbackFollowedByExec]
            }
        }
        let exists = indices(name, "exists").first
        let statecheck = indices(name, "statecheck").first
        var changed = false
        if !indices(name, "createorupdate").isEmpty {
            changed = mutate(
                indices(name, "createorupdate"), why: .createOrUpdate, &report, &executor)
        } else {
            var found = false
            var desired = false
            if let exists {
                guard
                    let count = query(
                        exists, until: { $0 == 1 }, retries: option(report, exists, "retries", 1),
                        delay: option(report, exists, "retry_delay", 0), &report, &executor)
                else { return }
                found = count == 1
                note(&report, exists, .existsCount(count))
            } else if let statecheck {
                guard
                    let count = query(
                        statecheck, until: { $0 == 1 }, retries: option(report, statecheck, "retries", 1),
                        delay: option(report, statecheck, "retry_delay", 0), &report, &executor)
                else { return }
                found = count == 1
                desired = found
                note(&report, statecheck, .statecheckAsExists(count: count))
            } else if let exports = indices(name, "exports").first {
                guard let rows = read(exports, &report, &executor) else { return }
                found = rows > 0
                desired = found
                note(&report, exports, .exportsAsExists(rows: rows))
            }
            let place = exists != nil ? "exists" : statecheck != nil ? "statecheck" : "exports"
            if !found {
                for index in indices(name, "update") {
                    report.steps[index].why = [.createRanInstead(check: place)]
                }
                changed = mutate(
                    indices(name, "create"), why: .notFound(check: place), &report, &executor)
            } else {
                for index in indices(name, "create") { report.steps[index].why = [.found(check: place)] }
                if !desired, resource.skipValidation {
                    desired = true
                    for index in indices(name, "update") { report.steps[index].why = [.skipValidation] }
                } else if !desired, let statecheck {
                    guard let count = query(statecheck, until: { $0 == 1 }, retries: 1, delay: 0, &report, &executor)
                    else { return }
                    desired = count == 1
                    note(&report, statecheck, .countBeforeUpdate(count))
                    if desired {
                        for index in indices(name, "update") {
                            report.steps[index].why = [.inDesiredState]
                        }
                    }
                }
                if !desired {
                    let updates = indices(name, "update")
                    let why: StepReason = statecheck == nil ? .foundWithoutStatecheck : .notInDesiredState
                    changed = mutate(updates, why: why, &report, &executor)
                }
            }
        }
        guard !stopped else { return }
        if changed, let statecheck {
            let retries = option(report, statecheck, "retries", 1)
            guard
                let count = query(
                    statecheck, until: { $0 == 1 }, retries: retries,
                    delay: option(report, statecheck, "retry_delay", 0), &report, &executor)
            else { return }
            if count == 1 {
                note(&report, statecheck, .desiredAfterChange)
            } else {
                report.steps[statecheck].status = .failed
                report.steps[statecheck].error = .statecheckNotMet(
                    count: count, retries: retries, retryDelay: option(report, statecheck, "retry_delay", 0))
                stopped = true
                return
            }
        }
        readExports(indices(name, "exports"), resource: resource, required: true, &report, &executor)
    }

    private mutating func teardown(_ report: inout ExecReport, _ executor: inout Executor) {
        // stackql-deploy reads every resource's exports first, in manifest order; missing ones are no error.
        for resource in plan.project.resources where !stopped {
            let exports = indices(resource.name, "exports") + indices(resource.name, "sql")
            readExports(exports, resource: resource, required: false, &report, &executor)
        }
        for resource in plan.project.resources.reversed() where !stopped {
            guard resource.kind == .resource || resource.kind == .multi,
                let check = indices(resource.name, "exists").first ?? indices(resource.name, "statecheck").first
            else { continue }
            let deletes = indices(resource.name, "delete")
            var exists = true
            if resource.kind == .multi {
                note(&report, check, .multiNotAsked)
            } else {
                guard
                    let count = query(
                        check, until: { $0 == 1 }, retries: option(report, check, "retries", 1),
                        delay: option(report, check, "retry_delay", 0), &report, &executor)
                else { return }
                exists = count == 1
                note(&report, check, .countBeforeDelete(count))
            }
            guard exists else {
                for index in deletes { report.steps[index].why = [.absentBeforeDelete] }
                continue
            }
            guard mutate(deletes, why: .foundBeforeDelete, &report, &executor) else { continue }
            let retries = option(report, check, "postdelete_retries", 10)
            let delay = option(report, check, "postdelete_retry_delay", 5)
            guard let count = query(check, until: { $0 == 0 }, retries: retries, delay: delay, &report, &executor)
            else { return }
            if count == 0 {
                note(&report, check, .goneAfterDelete)
            } else {
                report.steps[check].status = .failed
                report.steps[check].error = .stillExists(count: count, retries: retries, retryDelay: delay)
                stopped = true
                return
            }
        }
    }

    // MARK: - Statements

    private func note(_ report: inout ExecReport, _ index: Int, _ reason: StepReason) {
        report.steps[index].why.append(reason)
    }

    /// Runs `indices` in order (create, update, delete, createorupdate); `true` when one ran and every one succeeded.
    @discardableResult
    private mutating func mutate(
        _ indices: [Int], why: StepReason, _ report: inout ExecReport, _ executor: inout Executor
    ) -> Bool {
        for index in indices {
            report.steps[index].why = [why]
            if executor.execute(&report.steps[index]) {
                stopped = true
                return false
            }
        }
        return !indices.isEmpty
    }

    /// Runs the count query of step `index` until `until` holds for its count or `retries` attempts are made (at least
    /// one), `delay` seconds apart; the last count, or `nil` when the read failed (the run then stops).
    private mutating func query(
        _ index: Int, until: (Int) -> Bool, retries: Int, delay: Int, _ report: inout ExecReport,
        _ executor: inout Executor
    ) -> Int? {
        guard let rowCount = counts[index], case .success(let call) = report.steps[index].call else {
            stopped = true
            return nil
        }
        let attempts = max(1, retries)
        for attempt in 1...attempts {
            guard let descriptions = executor.fetch(&report.steps[index]) else {
                stopped = true
                return nil
            }
            let count = rowCount.count(descriptions.map { row($0, call: call, resource: resources[index]) })
            report.steps[index].status = .succeeded
            report.steps[index].rows = ResultRows(columns: ["count"], rows: [[String(count)]])
            if until(count) || attempt == attempts { return count }
            executor.sleeper.sleep(seconds: Double(delay))
        }
        return nil
    }

    /// Reads step `index` (an exports query, or one standing in for an exists check); its row count, or `nil` when
    /// the read failed.
    private mutating func read(_ index: Int, _ report: inout ExecReport, _ executor: inout Executor) -> Int? {
        guard case .success(let call) = report.steps[index].call,
            let descriptions = executor.fetch(&report.steps[index])
        else {
            stopped = true
            return nil
        }
        report.steps[index].status = .succeeded
        report.steps[index].rows = executor.rows(descriptions, call: call, resource: resources[index])
        return descriptions.count
    }

    /// The exports of `resource`: read when it declares `exports:` (stackql-deploy reads none otherwise). A build
    /// needs exactly one row; a teardown takes none as nothing to export. The values are reported, never templated
    /// into later statements: those were checked with these values unknown, so their gate stayed closed.
    private mutating func readExports(
        _ indices: [Int], resource: ManifestResource, required: Bool, _ report: inout ExecReport,
        _ executor: inout Executor
    ) {
        for index in indices where !stopped {
            guard !resource.exports.isEmpty else {
                report.steps[index].why = [.noExports(resource: resource.name)]
                continue
            }
            guard let rows = read(index, &report, &executor) else { return }
            note(&report, index, .exported(rows: rows, names: resource.exports, beforeTeardown: !required))
            if rows > 1 || (required && rows == 0) {
                report.steps[index].status = .failed
                report.steps[index].error = .exportRows(rows: rows, command: command)
                stopped = true
            }
        }
    }

    /// A resource's columns for the count: `region` is the call's; every other column is the property the
    /// resource's field table names (`image_recipe_arn` → `ImageRecipeArn`), or a property of that name.
    func row(
        _ description: ResourceDescription, call: StatementCall, resource: ResourceDefinition
    ) -> (String) -> RowValue {
        let members = description.properties.flatMap { try? JSONParser.parse(Array($0.utf8)) }?.objectValue ?? []
        return { column in
            let lowered = column.lowercased()
            if lowered == "region" { return .text(call.region) }
            let property = resource.fields.first { $0.column.lowercased() == lowered }?.property ?? column
            if let node = members.last(where: { $0.key.lowercased() == property.lowercased() })?.value {
                return RowValue(node)
            }
            if property == resource.identifier || lowered == "identifier" { return .text(description.identifier) }
            return .null
        }
    }
}

import DeploymentFacts
import Foundation
import IAMPolicy
import StackQL

/// Every statement a stackql-deploy `build` or `teardown` of a project would run, in the order it would run them,
/// each with its resource, anchor, options, file and line, text and template values, and when it runs.
///
/// build: per resource in manifest order — exists, statecheck and exports checks, then create (when the resource
/// does not exist) or update (when it exists in the wrong state), or createorupdate; callbacks after them; a
/// `query` resource's exports, a `command` resource's command. teardown: every resource's exists and exports query
/// in manifest order (stackql-deploy reads all exports first), then per resource in reverse order its exists check
/// (or statecheck) and delete, and a delete callback. A `script` resource runs a shell command and is only noted.
public struct DeploymentPlan: Sendable {
    public var project: ManifestProject
    public var command: DeployCommand
    public var inputs: DeploymentInputs
    public var statements: [PlannedStatement]
    /// What runs no checked statement: a script, a resource whose condition is false, a resource a teardown cannot
    /// delete, one without an update anchor.
    public var notes: [DeploymentPlanNote]
    /// The values the statements use that are unknown before the run, and why, in order of first use.
    public var unknownValues: [UnknownValue]
    /// Every project file read to plan it, in the order read (the manifest first when `load` read it).
    public var files: [ProjectFile] = []

    /// Reads the project in `directory` and plans `command`.
    public static func load(
        directory: String, command: DeployCommand, inputs: DeploymentInputs
    ) throws(ManifestError) -> DeploymentPlan {
        let (project, text) = try ManifestProject.loadWithText(directory: directory)
        var plan = try make(project: project, command: command, inputs: inputs)
        plan.files.insert(ProjectFile(kind: "manifest", path: project.manifestPath, text: text), at: 0)
        return plan
    }

    /// Plans `command` for `project`, reading each resource's query file. Throws one sentence with file and line for
    /// a missing query file, an unknown anchor, a resource without the anchors the command needs, an environment a
    /// prop has no value for, or an unknown filter.
    public static func make(
        project: ManifestProject, command: DeployCommand, inputs: DeploymentInputs
    ) throws(ManifestError) -> DeploymentPlan {
        var planner = Planner(context: try DeploymentContext(project: project, inputs: inputs))
        switch command {
        case .build: try planner.build()
        case .teardown: try planner.teardown()
        }
        var unknownValues: [UnknownValue] = []
        for statement in planner.statements {
            for name in statement.unknownNames where !unknownValues.contains(where: { $0.name == name }) {
                let reason = planner.context.unknowns[name] ?? .notKnownBeforeRun
                unknownValues.append(UnknownValue(name: name, reason: reason))
            }
        }
        return DeploymentPlan(
            project: project, command: command, inputs: inputs, statements: planner.statements,
            notes: planner.notes, unknownValues: unknownValues, files: planner.files)
    }
}

/// Builds a `DeploymentPlan` resource by resource.
private struct Planner {
    var context: DeploymentContext
    var statements: [PlannedStatement] = []
    var notes: [DeploymentPlanNote] = []
    var files: [ProjectFile] = []

    var project: ManifestProject { context.project }

    // MARK: - build

    mutating func build() throws(ManifestError) {
        var exported: [(resource: String, names: [String])] = []
        for resource in project.resources {
            defer { exported.append((resource.name, resource.exports)) }
            let values = try context.values(for: resource, exportedBefore: exported)
            guard let condition = try condition(resource, values) else { continue }
            switch resource.kind {
            case .script:
                notes.append(.scriptNotChecked(resource: resource.name))
            case .query:
                if let sql = resource.sql {
                    try addInline(
                        resource, sql, values, runs: .everyBuildToReadValues, condition)
                    continue
                }
                let file = try queryFile(resource)
                guard let exports = file.section(.exports) else {
                    throw missing(resource, file, "a query resource needs inline sql or an exports anchor")
                }
                try add(
                    resource, exports, file, values, runs: .everyBuildToReadValues,
                    condition)
            case .command:
                if let sql = resource.sql {
                    try addInline(resource, sql, values, runs: .everyBuild, condition)
                    continue
                }
                let file = try queryFile(resource)
                guard let command = file.section(.command) else {
                    throw missing(resource, file, "a command resource needs inline sql or a command anchor")
                }
                try add(resource, command, file, values, runs: .everyBuild, condition)
            case .resource, .multi:
                try buildResource(resource, values, condition)
            }
        }
    }

    private mutating func buildResource(
        _ resource: ManifestResource, _ values: ResourceValues, _ condition: String?
    ) throws(ManifestError) {
        let file = try queryFile(resource)
        let section = { (anchor: QueryAnchor) in file.section(anchor) }
        if let createOrUpdate = section(.createorupdate) {
            try add(
                resource, createOrUpdate, file, values, runs: .everyBuildToCreateOrUpdate,
                condition)
            if let statecheck = section(.statecheck) {
                try add(
                    resource, statecheck, file, values, runs: .afterCreateOrUpdateToCheckState,
                    condition)
            }
            if let exports = section(.exports) {
                try add(
                    resource, exports, file, values,
                    runs: .afterCreateOrUpdateToReadValues, condition)
            }
            for anchor in [QueryAnchor.callbackCreate, .callbackUpdate, .callback] {
                if let callback = section(anchor) {
                    try add(
                        resource, callback, file, values, runs: .afterCreateOrUpdateToFollow,
                        condition)
                }
            }
            return
        }
        guard let create = section(.create) else {
            throw missing(resource, file, "a resource needs a create or createorupdate anchor for a build")
        }
        guard section(.exists) != nil || section(.statecheck) != nil || section(.exports) != nil else {
            throw missing(resource, file, "a resource needs an exists, statecheck or exports anchor for a build")
        }
        if let exists = section(.exists) {
            try add(resource, exists, file, values, runs: .firstToDecide, condition)
        }
        if let statecheck = section(.statecheck) {
            let runs: StatementTiming =
                section(.exists) == nil ? .firstAsExistsCheckAndAfterChange : .whenExistsAndAfterChange
            try add(resource, statecheck, file, values, runs: runs, condition)
        }
        if let exports = section(.exports) {
            try add(
                resource, exports, file, values,
                runs: .toReadValuesAlsoAsStateCheck, condition)
        }
        try add(resource, create, file, values, runs: .whenAbsent, condition)
        if let callback = section(.callbackCreate) ?? section(.callback) {
            try add(resource, callback, file, values, runs: .afterCreateToFollow, condition)
        }
        if let update = section(.update) {
            try add(
                resource, update, file, values, runs: .whenNotInDesiredState,
                condition)
            if let callback = section(.callbackUpdate) ?? section(.callback) {
                try add(resource, callback, file, values, runs: .afterUpdateToFollow, condition)
            }
        } else {
            notes.append(.noUpdateAnchor(resource: resource.name))
        }
    }

    // MARK: - teardown

    mutating func teardown() throws(ManifestError) {
        // stackql-deploy first reads every resource's exports, in manifest order, so all are known to the deletes.
        let exported = project.resources.map { (resource: $0.name, names: $0.exports) }
        var valuesByResource: [String: ResourceValues] = [:]
        for resource in project.resources where resource.kind != .command && resource.kind != .script {
            let earlier = Array(exported.prefix { $0.resource != resource.name })
            let values = try context.values(for: resource, exportedBefore: earlier)
            valuesByResource[resource.name] = values
            let runs = StatementTiming.beforeTeardownToReadExports
            if resource.kind == .query, let sql = resource.sql {
                try addInline(resource, sql, values, runs: runs, nil)
                continue
            }
            let file = try queryFile(resource)
            if let exists = file.section(.exists) { try add(resource, exists, file, values, runs: runs, nil) }
            if let exports = file.section(.exports) { try add(resource, exports, file, values, runs: runs, nil) }
        }
        for resource in project.resources.reversed() where resource.kind == .resource || resource.kind == .multi {
            let others = exported.filter { $0.resource != resource.name }
            let values = try context.values(for: resource, exportedBefore: others)
            guard let condition = try condition(resource, values) else { continue }
            let file = try queryFile(resource)
            guard let check = file.section(.exists) ?? file.section(.statecheck) else {
                notes.append(.notDeletedWithoutCheck(resource: resource.name, file: file.path))
                continue
            }
            guard let delete = file.section(.delete) else {
                notes.append(.notDeletedWithoutDelete(resource: resource.name, file: file.path))
                continue
            }
            try add(
                resource, check, file, values, runs: .aroundDelete, condition)
            try add(resource, delete, file, values, runs: .whenExists, condition)
            if let callback = file.section(.callbackDelete) ?? file.section(.callback) {
                try add(resource, callback, file, values, runs: .afterDeleteToFollow, condition)
            }
        }
    }

    // MARK: - Statements

    /// Adds one section; a section already planned (teardown's exists check) gets the new case added to `runs`.
    private mutating func add(
        _ resource: ManifestResource, _ section: QuerySection, _ file: QueryFile, _ values: ResourceValues,
        runs: StatementTiming, _ condition: String?
    ) throws(ManifestError) {
        let relative = resource.queryFilePath
        if let index = statements.firstIndex(where: {
            $0.resource == resource.name && $0.anchor == section.anchor && $0.file == relative
        }) {
            statements[index].runs.append(runs)
            return
        }
        let templates = try templateValues(section.text, firstLine: section.firstLine, file: file.path, values)
        statements.append(
            PlannedStatement(
                resource: resource.name, resourceKind: resource.kind, anchor: section.anchor,
                writtenAnchor: section.writtenAnchor, options: section.options, file: relative, path: file.path,
                firstLine: section.firstLine, line: section.statementLine, text: section.text, templates: templates,
                runs: [runs], condition: condition))
    }

    /// Adds a resource's inline `sql`, located in the manifest.
    private mutating func addInline(
        _ resource: ManifestResource, _ sql: (text: String, line: Int), _ values: ResourceValues, runs: StatementTiming,
        _ condition: String?
    ) throws(ManifestError) {
        let templates = try templateValues(sql.text, firstLine: sql.line, file: project.manifestPath, values)
        let section = QuerySection(
            anchor: .exports, writtenAnchor: "sql", options: [], anchorLine: sql.line, firstLine: sql.line,
            text: sql.text)
        statements.append(
            PlannedStatement(
                resource: resource.name, resourceKind: resource.kind, anchor: nil, writtenAnchor: "sql", options: [],
                file: ManifestProject.manifestFileName, path: project.manifestPath, firstLine: sql.line,
                line: section.statementLine, text: sql.text, templates: templates, runs: [runs], condition: condition))
    }

    /// The value of every `{{ }}` expression of a query; an unknown filter is an error at its line.
    private mutating func templateValues(
        _ text: String, firstLine: Int, file: String, _ values: ResourceValues
    ) throws(ManifestError) -> TemplateValues {
        var evaluator = values.evaluator()
        var expressions: [String: [PartialValue.Part]] = [:]
        let characters = Array(text)
        var line = firstLine
        var index = 0
        while index < characters.count {
            if characters[index].isNewline { line += 1 }
            guard characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "{",
                let close = TemplateValues.templateEnd(in: characters, from: index + 2)
            else {
                index += 1
                continue
            }
            let raw = String(characters[(index + 2)..<close])
            do {
                expressions[TemplateValues.key(of: raw)] = try evaluator.evaluate(expression: raw).rendered
            } catch let failure {
                throw ManifestError(kind: "query file", file: file, line: line, message: failure.message)
            }
            line += raw.filter(\.isNewline).count
            index = close + 2
        }
        for (name, reason) in evaluator.unknowns { context.recordUnknown(name, reason) }
        return TemplateValues(expressions: expressions)
    }

    // MARK: - Helpers

    /// The resource's condition: `nil` when it is false (the resource is skipped, and noted), `.some(nil)` when it
    /// holds or there is none, `.some(text)` when it cannot be decided before the run.
    private mutating func condition(
        _ resource: ManifestResource, _ values: ResourceValues
    ) throws(ManifestError) -> String?? {
        guard let written = resource.condition else { return .some(nil) }
        var evaluator = values.evaluator()
        let rendered: DeployValue
        do {
            rendered = try evaluator.resolve(text: written)
        } catch let failure {
            throw ManifestError(
                kind: "manifest", file: project.manifestPath, line: resource.line,
                message: "resources[\(project.resources.firstIndex { $0.name == resource.name } ?? 0)].if: "
                    + failure.message)
        }
        let shown = PartialValue(parts: rendered.rendered).sqlText
        guard let text = rendered.knownText, let holds = ConditionEvaluator.evaluate(text) else {
            for (name, reason) in evaluator.unknowns { context.recordUnknown(name, reason) }
            return .some(shown)
        }
        if holds { return .some(nil) }
        notes.append(.skipped(resource: resource.name, condition: shown))
        return nil
    }

    /// The resource's query file; a missing one is an error at the resource's line in the manifest.
    private mutating func queryFile(_ resource: ManifestResource) throws(ManifestError) -> QueryFile {
        let path = project.path(resource.queryFilePath)
        guard FileManager.default.fileExists(atPath: path) else {
            let index = project.resources.firstIndex { $0.name == resource.name } ?? 0
            throw ManifestError(
                kind: "manifest", file: project.manifestPath, line: resource.line,
                message: "resources[\(index)] '\(resource.name)': its query file \(path) does not exist "
                    + "(stackql-deploy reads resources/NAME.iql, or resources/ and the resource's file:)")
        }
        let text = try ManifestProject.readText(path, kind: "query file")
        let file = ProjectFile(kind: "query file", path: path, text: text)
        if !files.contains(file) { files.append(file) }
        return try QueryFile.parse(text, path: path)
    }

    private func missing(_ resource: ManifestResource, _ file: QueryFile, _ message: String) -> ManifestError {
        ManifestError(
            kind: "query file", file: file.path, line: nil,
            message: "\(message) (resource '\(resource.name)'); stackql-deploy stops on it")
    }
}

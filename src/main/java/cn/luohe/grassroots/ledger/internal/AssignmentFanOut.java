package cn.luohe.grassroots.ledger.internal;

/**
 * How a task's responsible units become assignments, as one statement shared by the seed
 * migration (JDBC, in the migration transaction, before any service exists) and the copy
 * of a ledger (R2DBC): "各县区团委" is every county-level unit; "<county>团委" is that county;
 * any other name (漯河职院团委, 市教育局青工委, 市直机关团工委, ...) is a city-level unit of its own,
 * governed by the city. Only missing assignments are added.
 *
 * <p>
 * It reads the org tree's {@code org_unit} table directly (documented in
 * docs/architecture.md): the migration runs before the org feature's services exist.
 */
final class AssignmentFanOut {

	static final String ALL_COUNTIES = "各县区团委";

	private AssignmentFanOut() {
	}

	/**
	 * The statement with {@code yearParameter} (e.g. {@code ?} or {@code :year}) bound
	 * once.
	 */
	static String sql(String yearParameter) {
		return insert("SELECT id, responsible_units FROM ledger_task WHERE year = " + yearParameter);
	}

	/**
	 * The {@code INSERT} of the assignments of {@code tasks} (a query of {@code id} and
	 * {@code responsible_units}: a year's tasks, or the tasks a {@code WITH} clause has
	 * just inserted, which the table does not show yet inside that statement).
	 */
	static String insert(String tasks) {
		return """
				WITH task AS (%s),
				     unit AS (SELECT task.id AS task_id, u.name FROM task CROSS JOIN unnest(task.responsible_units) AS u(name))
				INSERT INTO ledger_assignment (task_id, unit_org_id, unit_name)
				SELECT unit.task_id, c.id, c.name || '团委'
				  FROM unit JOIN org_unit c ON c.level = 'COUNTY' AND (unit.name = '%s' OR unit.name = c.name || '团委')
				UNION ALL
				SELECT unit.task_id, city.id, unit.name
				  FROM unit JOIN org_unit city ON city.level = 'CITY'
				 WHERE unit.name <> '%2$s'
				   AND NOT EXISTS (SELECT 1 FROM org_unit c WHERE c.level = 'COUNTY' AND unit.name = c.name || '团委')
				ON CONFLICT (task_id, unit_name) DO NOTHING
				"""
			.formatted(tasks, ALL_COUNTIES);
	}

}

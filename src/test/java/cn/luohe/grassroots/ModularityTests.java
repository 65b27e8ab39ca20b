package cn.luohe.grassroots;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.NamedInterface;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The features as Spring Modulith sees them: each direct package under
 * {@code cn.luohe.grassroots} is a module; other modules may use only its {@code api}
 * package (its named interface), {@code common} is open to all, and no module reaches
 * itself again through others. The rules Modulith does not cover stay in
 * {@link ArchitectureTests}.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(GrassrootsApplication.class);

	private static final String ROOT = GrassrootsApplication.class.getPackageName();

	private static final Path DIAGRAMS = Path.of("docs", "modules");

	@Test
	void featuresDependOnEachOtherOnlyThroughTheirApiPackagesAndWithoutCycles() {
		MODULES.verify();
	}

	@Test
	void everyPackageUnderTheApplicationIsAModuleWhoseApiIsItsOnlyNamedInterface() {
		// verify() checks only the modules it detects and only the named interfaces
		// declared: a feature missed here, or an api package without its package-info,
		// would be checked by nothing
		Set<String> packages = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT)
			.stream()
			.map(JavaClass::getPackageName)
			.collect(Collectors.toSet());
		Set<String> topLevel = packages.stream()
			.filter(name -> name.startsWith(ROOT + "."))
			.map(name -> name.substring(ROOT.length() + 1).split("\\.")[0])
			.collect(Collectors.toSet());
		assertThat(MODULES.stream().map(module -> module.getIdentifier().toString()))
			.containsExactlyInAnyOrderElementsOf(topLevel)
			.contains("common", "config", "dashboard", "feed", "firstsecretary", "identity", "media", "org", "visit",
					"wechat", "youthhome");
		MODULES.forEach(module -> {
			String name = module.getIdentifier().toString();
			boolean hasApi = packages.contains(ROOT + "." + name + ".api");
			List<String> named = module.getNamedInterfaces()
				.stream()
				.filter(each -> !each.isUnnamed())
				.map(NamedInterface::getName)
				.toList();
			if (name.equals("common")) {
				return;
			}
			assertThat(named)
				.as("named interfaces of %s (an api package needs a package-info.java with"
						+ " @NamedInterface(\"api\"))", name)
				.isEqualTo(hasApi ? List.of("api") : List.of());
		});
	}

	@Test
	void writesTheModuleDiagram() throws IOException {
		// docs/modules/components.puml and .svg (every feature; the open kit `common`,
		// which every feature uses, left out) and module-<name>.puml (each with its
		// neighbours), from the code as it is: a changed dependency shows up in git
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DIAGRAMS.toString()))
			.writeModulesAsPlantUml(DiagramOptions.defaults()
				.withExclusions(module -> module.getIdentifier().toString().equals("common")))
			.writeIndividualModulesAsPlantUml();
		try (Stream<Path> files = Files.list(DIAGRAMS)) {
			for (Path puml : files.filter(file -> file.toString().endsWith(".puml")).toList()) {
				Files.write(puml, stableOrder(Files.readAllLines(puml)));
			}
		}
		Path overview = DIAGRAMS.resolve("components.puml");
		Path svg = DIAGRAMS.resolve("components.svg");
		render(overview, svg);
		assertThat(overview).content().contains("\"identity\"", "\"dashboard\"").doesNotContain("\"common\"");
		assertThat(svg).content().startsWith("<svg").contains(">identity<", ">dashboard<");
	}

	/**
	 * The Documenter lists modules and relations in hash order, which changes from run to
	 * run: each run of consecutive elements of one kind ({@code Component(...)},
	 * {@code Rel(...)}) is sorted, so the files (and the layout) change only with the
	 * code.
	 */
	static List<String> stableOrder(List<String> lines) {
		List<String> result = new ArrayList<>();
		List<String> run = new ArrayList<>();
		String kind = null;
		for (String line : lines) {
			String trimmed = line.strip();
			int paren = trimmed.indexOf('(');
			String lineKind = (paren > 0 && trimmed.substring(0, paren).matches("[A-Za-z_]+"))
					? trimmed.substring(0, paren) : null;
			if (lineKind == null || !lineKind.equals(kind)) {
				run.sort(null);
				result.addAll(run);
				run.clear();
			}
			kind = lineKind;
			if (lineKind == null) {
				result.add(line);
			}
			else {
				run.add(line);
			}
		}
		run.sort(null);
		result.addAll(run);
		return result;
	}

	/** PlantUML's own layout engine (Smetana), so no Graphviz has to be installed. */
	private static void render(Path puml, Path svg) throws IOException {
		String source = Files.readString(puml).replaceFirst("@startuml", "@startuml\n!pragma layout smetana");
		try (OutputStream out = Files.newOutputStream(svg)) {
			new SourceStringReader(source).outputImage(out, new FileFormatOption(FileFormat.SVG));
		}
	}

}

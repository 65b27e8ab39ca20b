package cn.luohe.grassroots;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Conditional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

/**
 * The layout rules, each with the reason it exists. Which feature may use which, and no
 * cycle between them, is {@link ModularityTests} (Spring Modulith); these are the rules
 * inside a feature and across the whole code that it does not check.
 */
class ArchitectureTests {

	// without the code Spring AOT generates at package time (X__BeanDefinitions and the
	// like), which a build without clean finds in target/classes: it is not ours to lay
	// out
	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(location -> !location.contains("__"))
		.importPackages("cn.luohe.grassroots");

	@Test
	void nothingDependsOnAWebLayer() {
		// handlers are entry points; logic they hold would be unreachable for other
		// callers
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage("..web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("cn.luohe.grassroots.*.web..");
		rule.check(MAIN);
	}

	@Test
	void apiPackagesDoNotDependOnWebOrInternals() {
		// the public face of a feature must be usable without its implementation
		ArchRule rule = noClasses().that()
			.resideInAPackage("..api..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..internal..", "..web..");
		rule.check(MAIN);
	}

	@Test
	void noProductionCodeBlocksOnAReactiveType() {
		// a block() on an event-loop thread stalls every request sharing that loop; the
		// blocking bridges (toIterable, toStream) also lock on the producer's side, which
		// is the database's event loop (a report hung on it: ReportService.xlsx)
		ArchRule rule = noClasses().should()
			.callMethodWhere(DescribedPredicate.describe("a block*(), toIterable() or toStream() of Mono or Flux",
					call -> call.getTarget().getOwner().getName().startsWith("reactor.core.publisher.")
							&& (call.getTarget().getName().startsWith("block")
									|| call.getTarget().getName().equals("toIterable")
									|| call.getTarget().getName().equals("toStream"))))
			.because("production code must stay non-blocking");
		rule.check(MAIN);
	}

	@Test
	void onlyTheClockConfigurationReadsTheSystemClock() {
		// every business time rule must follow APP_CLOCK, so nothing else may ask the
		// system for the time
		ArchRule rule = noClasses().that()
			.doNotHaveFullyQualifiedName("cn.luohe.grassroots.config.ClockConfiguration")
			.should()
			.callMethod(java.time.Instant.class, "now")
			.orShould()
			.callMethod(java.time.LocalDate.class, "now")
			.orShould()
			.callMethod(java.time.LocalDateTime.class, "now")
			.orShould()
			.callMethod(java.time.ZonedDateTime.class, "now")
			.orShould()
			.callMethod(java.time.YearMonth.class, "now")
			.orShould()
			.callMethod(java.time.Clock.class, "systemUTC")
			.orShould()
			.callMethod(java.time.Clock.class, "systemDefaultZone");
		rule.check(MAIN);
	}

	@Test
	void noBeanOfOursIsConditional() {
		// the jar runs on Spring AOT's bean definitions, generated when it is built: a
		// condition would be decided then, on the build's configuration, not on the
		// deployment's (MediaStorageConfiguration chooses its store in code instead)
		noClasses().should()
			.beMetaAnnotatedWith(Conditional.class)
			.because("conditions are fixed at build time under Spring AOT")
			.check(MAIN);
		noMethods().should()
			.beMetaAnnotatedWith(Conditional.class)
			.because("conditions are fixed at build time under Spring AOT")
			.check(MAIN);
	}

	@Test
	void onlyTheWechatFeatureTouchesWxJava() {
		// one adapter owns WeChat's blocking SDK, its thread-locals and its error codes
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage("cn.luohe.grassroots.wechat..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("cn.binarywang.wx..", "me.chanjar.weixin..");
		rule.check(MAIN);
	}

	@Test
	void everyPackageIsNullMarked() {
		// NullAway checks every package of ours; @NullMarked says the same to readers,
		// IDEs and other JSpecify tools (a package without it reads as unspecified)
		ArchRule rule = classes().should(new ArchCondition<JavaClass>("reside in a @NullMarked package") {
			@Override
			public void check(JavaClass item, ConditionEvents events) {
				if (!item.getPackage().isAnnotatedWith(NullMarked.class)) {
					events.add(SimpleConditionEvent.violated(item,
							item.getPackageName() + " has no package-info.java annotated @NullMarked"));
				}
			}
		});
		rule.check(MAIN);
	}

	@Test
	void controllersAreNotPublic() {
		ArchRule rule = classes().that()
			.areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
			.should()
			.notBePublic()
			.andShould()
			.resideInAPackage("..web..");
		rule.check(MAIN);
	}

}

package dev.wse.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class EngineArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.wse.engine");

	@Test
	void engineIsFreeOfSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(this.classes);
	}

	@Test
	void engineDoesNotDependOnClientOrSpringModules() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.wse.client..", "dev.wse.spring..", "dev.wse.autoconfigure..")
			.check(this.classes);
	}

	@Test
	void onlyTheFacadeUsesTheInternalPackage() {
		noClasses().that()
			.resideOutsideOfPackages("dev.wse.engine.internal..")
			.and()
			.doNotHaveFullyQualifiedName(WseEngine.class.getName())
			.and()
			.doNotHaveFullyQualifiedName(WseEngine.Builder.class.getName())
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.wse.engine.internal..")
			.check(this.classes);
	}

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("dev.wse.engine.(*)..").should().beFreeOfCycles().check(this.classes);
	}

}

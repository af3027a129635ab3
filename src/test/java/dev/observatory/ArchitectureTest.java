package dev.observatory;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** DESIGN.md §2's rules, held by the build. */
class ArchitectureTest {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.observatory");

	@Test
	void modulesHaveNoCycles() {
		slices().matching("dev.observatory.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void onlyCommonSecretsReadsTheEnvironment() {
		noClasses().that()
			.resideOutsideOfPackage("dev.observatory.common.secrets..")
			.should()
			.callMethod(System.class, "getenv")
			.orShould()
			.callMethod(System.class, "getenv", String.class)
			.because("secrets are read only through common.secrets (DESIGN.md §8)")
			.check(MAIN);
	}

	@Test
	void outboundConnectionsAreOpenedOnlyThroughTelemetry() {
		noClasses().that()
			.resideOutsideOfPackage("dev.observatory.telemetry..")
			.should()
			.callMethod(org.springframework.web.client.RestClient.class, "create")
			.orShould()
			.callMethod(org.springframework.web.client.RestClient.class, "builder")
			.orShould()
			.callConstructor(org.springframework.web.client.RestTemplate.class)
			.orShould()
			.callMethod(java.net.http.HttpClient.class, "newHttpClient")
			.orShould()
			.callMethod(java.net.http.HttpClient.class, "newBuilder")
			.orShould()
			.callConstructorWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates
				.target(com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With
					.owner(com.tngtech.archunit.base.DescribedPredicate
						.describe("a socket", (owner) -> owner.isAssignableTo(java.net.Socket.class)))))
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("java.sql.DriverManager")
			.because("every provider call must be recorded as a usage event (DESIGN.md §6)")
			.check(MAIN);
	}

}

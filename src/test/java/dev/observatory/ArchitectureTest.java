package dev.observatory;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
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
			.callCodeUnitWhere(call(org.springframework.web.client.RestClient.class, "create", "builder"))
			.orShould()
			.callCodeUnitWhere(call(org.springframework.web.client.RestTemplate.class, "<init>"))
			.orShould()
			.callCodeUnitWhere(call(java.net.http.HttpClient.class, "newHttpClient", "newBuilder"))
			.orShould()
			.callCodeUnitWhere(call(java.net.URL.class, "openConnection", "openStream"))
			.orShould()
			.callCodeUnitWhere(call(java.net.Socket.class, "<init>"))
			.orShould()
			.callCodeUnitWhere(call(java.nio.channels.SocketChannel.class, "open"))
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("java.sql.DriverManager")
			.because("every provider call must be recorded as a usage event (DESIGN.md §6)")
			.check(MAIN);
	}

	/** A call of any overload of these methods (or constructors, {@code <init>}) of the class or a subclass. */
	private static DescribedPredicate<JavaCall<?>> call(Class<?> owner, String... names) {
		Set<String> wanted = Set.of(names);
		return DescribedPredicate.describe(owner.getSimpleName() + " " + wanted,
				(call) -> call.getTargetOwner().isAssignableTo(owner) && wanted.contains(call.getName()));
	}

}

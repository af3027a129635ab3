package dev.observatory.integrations.stubs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link ProviderStubTest} in a context (and database) of its own, shared only by the classes that
 * carry this annotation: for tests that make provider calls for bots, which in the shared stub
 * context would become other classes' proof of use.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ProviderStubTest
@TestPropertySource(properties = "observatory.test.context=own-usage")
public @interface OwnUsageStubTest {

}

package dev.wse.spring.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.annotation.OnConnect;
import dev.wse.engine.handler.annotation.OnDisconnect;
import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.engine.handler.annotation.OnPresenceJoin;
import dev.wse.engine.handler.annotation.OnPresenceLeave;
import dev.wse.engine.handler.annotation.OnRpc;
import dev.wse.engine.handler.annotation.OnSnapshot;
import dev.wse.engine.presence.PresenceChange;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * Registers the handler methods of {@link WseHandler} beans in the engine's
 * {@link HandlerRegistry} once all singletons are instantiated, before the engine starts.
 * Modelled on Spring's {@code EventListenerMethodProcessor}: proxied and scoped beans are
 * handled, and the bean itself is looked up on each call, so {@code @Lazy} and scoped
 * handlers keep their semantics. A duplicate message type or an unsupported signature
 * fails startup with a {@link BeanInitializationException} naming the bean.
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WseHandlerMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

	private static final List<Class<? extends Annotation>> METHOD_ANNOTATIONS = List.of(OnMessage.class, OnRpc.class,
			OnConnect.class, OnDisconnect.class, OnSnapshot.class, OnPresenceJoin.class, OnPresenceLeave.class);

	private static final Log logger = LogFactory.getLog(WseHandlerMethodProcessor.class);

	private final ObjectProvider<HandlerRegistry> handlerRegistry;

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create a processor.
	 * @param handlerRegistry the registry to fill, resolved when the singletons are ready
	 */
	public WseHandlerMethodProcessor(ObjectProvider<HandlerRegistry> handlerRegistry) {
		Assert.notNull(handlerRegistry, "'handlerRegistry' must not be null");
		this.handlerRegistry = handlerRegistry;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory,
				"WseHandlerMethodProcessor requires a ConfigurableListableBeanFactory");
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No ConfigurableListableBeanFactory set");
		HandlerRegistry registry = this.handlerRegistry.getIfAvailable();
		if (registry == null) {
			return;
		}
		for (String beanName : beanFactory.getBeanNamesForType(Object.class)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = targetClass(beanFactory, beanName);
			if (type != null) {
				processBean(beanFactory, registry, beanName, type);
			}
		}
	}

	private @Nullable Class<?> targetClass(ConfigurableListableBeanFactory beanFactory, String beanName) {
		Class<?> type = null;
		try {
			type = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
		}
		catch (Throwable ex) {
			// An unresolvable bean type, probably from a lazy bean - let's ignore it.
			logger.debug("Could not resolve target class for bean with name '" + beanName + "'", ex);
		}
		if (type != null && ScopedObject.class.isAssignableFrom(type)) {
			try {
				Class<?> targetClass = AutoProxyUtils.determineTargetClass(beanFactory,
						ScopedProxyUtils.getTargetBeanName(beanName));
				if (targetClass != null) {
					type = targetClass;
				}
			}
			catch (Throwable ex) {
				logger.debug("Could not resolve target bean for scoped proxy '" + beanName + "'", ex);
			}
		}
		return type;
	}

	private void processBean(ConfigurableListableBeanFactory beanFactory, HandlerRegistry registry, String beanName,
			Class<?> targetType) {
		if (this.nonAnnotatedClasses.contains(targetType)
				|| !AnnotationUtils.isCandidateClass(targetType, WseHandler.class)
				|| !AnnotatedElementUtils.hasAnnotation(targetType, WseHandler.class)) {
			this.nonAnnotatedClasses.add(targetType);
			return;
		}
		Map<Method, Boolean> methods = MethodIntrospector.selectMethods(targetType,
				(MethodIntrospector.MetadataLookup<Boolean>) (method) -> isHandlerMethod(method) ? Boolean.TRUE : null);
		if (methods.isEmpty()) {
			this.nonAnnotatedClasses.add(targetType);
			logger.warn("@WseHandler bean '" + beanName + "' (" + targetType.getName()
					+ ") declares no @OnMessage, @OnRpc, @OnConnect, @OnDisconnect, @OnSnapshot, @OnPresenceJoin "
					+ "or @OnPresenceLeave method");
			return;
		}
		Class<?> beanType = beanFactory.getType(beanName);
		// A singleton (a scoped proxy is one too) is looked up once, on first use, not on
		// every message: the bean factory's lookup cost about 5 % of an I/O thread's time
		// in the inbound benchmark. Beans of other scopes are looked up per call.
		Supplier<Object> target = beanFactory.isSingleton(beanName)
				? SingletonSupplier.of(() -> beanFactory.getBean(beanName)) : () -> beanFactory.getBean(beanName);
		for (Method method : methods.keySet()) {
			Method invocable = AopUtils.selectInvocableMethod(method, (beanType != null) ? beanType : targetType);
			try {
				register(registry, method, invocable, target, beanName);
			}
			catch (RuntimeException ex) {
				throw new BeanInitializationException(
						"Invalid WSE handler method in bean '" + beanName + "': " + ex.getMessage(), ex);
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug(methods.size() + " WSE handler methods registered for bean '" + beanName + "'");
		}
	}

	/**
	 * Register a method with the annotations found on it (also as meta-annotations),
	 * invoking it through the method a proxy exposes.
	 */
	private static void register(HandlerRegistry registry, Method annotated, Method invocable, Supplier<Object> target,
			String beanName) {
		OnMessage onMessage = AnnotatedElementUtils.findMergedAnnotation(annotated, OnMessage.class);
		if (onMessage != null) {
			String reply = onMessage.reply().isEmpty() ? onMessage.value() + "_response" : onMessage.reply();
			registry.registerMessageMethod(onMessage.value(), reply, invocable, target, beanName, onMessage.blocking());
		}
		OnRpc onRpc = AnnotatedElementUtils.findMergedAnnotation(annotated, OnRpc.class);
		if (onRpc != null) {
			registry.registerRpcMethod(onRpc.value(), invocable, target, beanName);
		}
		if (AnnotatedElementUtils.hasAnnotation(annotated, OnConnect.class)) {
			registry.registerConnectMethod(invocable, target, beanName);
		}
		if (AnnotatedElementUtils.hasAnnotation(annotated, OnDisconnect.class)) {
			registry.registerDisconnectMethod(invocable, target, beanName);
		}
		OnSnapshot onSnapshot = AnnotatedElementUtils.findMergedAnnotation(annotated, OnSnapshot.class);
		if (onSnapshot != null) {
			registry.registerSnapshotMethod(onSnapshot.value(), onSnapshot.type(), invocable, target, beanName);
		}
		if (AnnotatedElementUtils.hasAnnotation(annotated, OnPresenceJoin.class)) {
			registry.registerPresenceMethod(invocable, target, beanName, PresenceChange.Kind.JOIN);
		}
		if (AnnotatedElementUtils.hasAnnotation(annotated, OnPresenceLeave.class)) {
			registry.registerPresenceMethod(invocable, target, beanName, PresenceChange.Kind.LEAVE);
		}
	}

	private static boolean isHandlerMethod(Method method) {
		for (Class<? extends Annotation> annotation : METHOD_ANNOTATIONS) {
			if (AnnotatedElementUtils.hasAnnotation(method, annotation)) {
				return true;
			}
		}
		return false;
	}

}

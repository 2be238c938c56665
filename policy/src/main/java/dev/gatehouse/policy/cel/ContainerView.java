package dev.gatehouse.policy.cel;

import dev.cel.common.values.CelValue;

/**
 * The {@link CelValue} side of {@link MapView} and {@link ListView}: the value is the view itself, so cel-java's
 * planned runtime passes it through as it is, and functions still receive a {@code Map} or a {@code List}. Being a
 * {@code CelValue} is also how {@link CelValues#adapt} knows a value needs no adapting.
 */
abstract class ContainerView extends CelValue {

  /** The number of entries or elements. */
  public abstract int size();

  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public boolean isZeroValue() {
    return isEmpty();
  }
}

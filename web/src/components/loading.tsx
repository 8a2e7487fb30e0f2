// Shown while a page or its words load.
import { Center, Loader } from '@mantine/core';

export function Loading() {
  return (
    <Center h="50vh" aria-busy="true">
      <Loader aria-label="…" />
    </Center>
  );
}

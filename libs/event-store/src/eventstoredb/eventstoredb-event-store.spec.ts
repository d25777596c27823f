import { EventStoreDbDouble } from '../../../../test/esdb-double/esdb-double';
import { describeEventStoreContract } from '../event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

let double: EventStoreDbDouble;
beforeAll(async () => {
  double = await EventStoreDbDouble.start();
});
afterAll(() => double.stop());

describeEventStoreContract('eventstoredb (wire double)', async () =>
  EventStoreDbEventStore.open({ connectionString: double.connectionString, eventIdIndexPath: ':memory:' }),
);
